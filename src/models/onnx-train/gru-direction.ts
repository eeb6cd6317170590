/**
 * One direction of a GRU (tfjs / Keras with reset before the product, gates z, r, h — the same
 * order and maths as ONNX's GRU with `linear_before_reset = 0`, so the forward pass is that
 * operator with `sequence_lens`). For the gradient the gates of all steps are recomputed from
 * the outputs (three large products), then per step, backwards in time:
 *   dh = dY_t + dh',  dz̃ = dh·Fz,  dh̃ = dh·Fh,  dρ = dh̃·R_hᵀ,  dr̃ = dρ·Fr,
 *   dh' = dh·Fc + dρ·r + [dz̃, dr̃]·R_zrᵀ,
 * with Fz = m·(h_{t−1} − ĥ)·z(1−z), Fh = m·(1−z)·(1−ĥ²), Fr = h_{t−1}·r(1−r),
 * Fc = m·z + 1 − m (a padding step carries the state and its gradient). Weight gradients:
 * Xᵀ·dZ, [h_{t−1}ᵀ·[dz̃, dr̃], (r·h_{t−1})ᵀ·dh̃] and Σ dZ over all steps.
 */
import { attr } from '../onnx/onnx-proto.js';
import { inputSideGradients, perStep, previousStates } from './direction-common.js';
import type { DirectionBuilder } from './recurrent.js';

export const gruDirection: DirectionBuilder = (g, cell, x) => {
  const seq = g.sequence!;
  const [steps, batch, dim] = x.shape as [number, number, number];
  const { units: u, reverse, name: n } = cell;
  const kernel = g.param(cell.kernel);
  const recurrent = g.param(cell.recurrent);
  const bias = g.param(cell.bias);
  const w = g.reshape(g.transpose(kernel.name, [1, 0], `${n}/wt`), [1, 3 * u, dim], `${n}/W`);
  const r = g.reshape(g.transpose(recurrent.name, [1, 0], `${n}/rt`), [1, 3 * u, u], `${n}/R`);
  const b = g.reshape(g.concat([bias.name, g.zeros([3 * u], `${n}/rb`)], 0, `${n}/bb`), [1, 6 * u], `${n}/B`);
  const [y, yh] = g.ops('GRU', [x.name, w, r, b, seq.lengths], 2, `${n}/gru`, {
    hidden_size: attr.int(u),
    direction: attr.string(reverse ? 'reverse' : 'forward'),
  });
  const h = g.reshape(y!, [steps, batch, u], `${n}/h`);
  const last = g.reshape(yh!, [batch, u], `${n}/h_last`);
  const backward = (dSeq: string | undefined, dLast: string | undefined, needDx: boolean) => {
    const one = (v: string, s: string) => perStep(g, v, steps, `${n}/${s}`);
    const { hPrev, zero } = previousStates(g, h, { steps, batch, units: u }, reverse, n);
    const tb = steps * batch;
    const x2 = g.reshape(x.name, [tb, dim], `${n}/x2`);
    const h2 = g.reshape(hPrev, [tb, u], `${n}/h2`);
    const [rzr, rh] = g.split(recurrent.name, 1, [2 * u, u], `${n}/r_parts`);
    const [xz, xr, xh] = g.split(
      g.op('Gemm', [x2, kernel.name, bias.name], `${n}/xw`),
      1,
      [u, u, u],
      `${n}/xs`,
    );
    const [hz, hr] = g.split(g.op('MatMul', [h2, rzr!], `${n}/hu`), 1, [u, u], `${n}/hus`);
    const mul = (a: string, c: string, s: string) => g.op('Mul', [a, c], `${n}/${s}`);
    const oneMinus = (a: string, s: string) => g.op('Sub', [g.scalar(1), a], `${n}/${s}`);
    const z = g.op('Sigmoid', [g.op('Add', [xz!, hz!], `${n}/zp`)], `${n}/z`);
    const rg = g.op('Sigmoid', [g.op('Add', [xr!, hr!], `${n}/rp`)], `${n}/r`);
    const rh2 = mul(rg, h2, 'rh');
    const hh = g.op(
      'Tanh',
      [g.op('Add', [xh!, g.op('MatMul', [rh2, rh!], `${n}/rhu`)], `${n}/hp`)],
      `${n}/hh`,
    );
    const seq3 = (v: string, s: string) => g.reshape(v, [steps, batch, u], `${n}/${s}3`);
    const [z3, r3, hh3] = [seq3(z, 'z'), seq3(rg, 'r'), seq3(hh, 'hh')];
    const m = seq.mask;
    const dsig = (a: string, s: string) => mul(a, oneMinus(a, `${s}_1m`), `${s}_d`);
    const fz = mul(m, mul(g.op('Sub', [hPrev, hh3], `${n}/h_minus_hh`), dsig(z3, 'z'), 'fz_raw'), 'Fz');
    const fh = mul(m, mul(oneMinus(z3, 'one_m_z'), oneMinus(mul(hh3, hh3, 'hh2'), 'hh_d'), 'fh_raw'), 'Fh');
    const fr = mul(hPrev, dsig(r3, 'r'), 'Fr');
    const fc = g.op('Add', [mul(m, z3, 'mz'), oneMinus(m, 'not_m')], `${n}/Fc`);
    const [fzs, fhs, frs, fcs, rs] = [
      one(fz, 'fzs'),
      one(fh, 'fhs'),
      one(fr, 'frs'),
      one(fc, 'fcs'),
      one(r3, 'rs'),
    ];
    const dys = dSeq ? one(dSeq, 'dys') : undefined;
    const rhT = g.transpose(rh!, [1, 0], `${n}/rh_t`);
    const rzrT = g.transpose(rzr!, [1, 0], `${n}/rzr_t`);
    const order = [...Array(steps).keys()];
    if (!reverse) order.reverse(); // gradient runs against the direction of processing
    const dzs: string[] = Array(steps);
    let dhRec = dLast ? g.reshape(dLast, [1, batch, u], `${n}/dh_last`) : undefined;
    for (const [k, t] of order.entries()) {
      let dh = dhRec;
      if (dys) dh = dh ? g.op('Add', [dh, dys[t]!], `${n}/dh${t}`) : dys[t]!;
      if (!dh) dh = zero;
      const dzp = mul(dh, fzs[t]!, `dz${t}`);
      const dhp = mul(dh, fhs[t]!, `dhh${t}`);
      const drh = g.op('MatMul', [dhp, rhT], `${n}/drh${t}`);
      const drp = mul(drh, frs[t]!, `dr${t}`);
      const dzr = g.concat([dzp, drp], 2, `${n}/dzr${t}`);
      dzs[t] = g.concat([dzr, dhp], 2, `${n}/dZ${t}`);
      if (k === order.length - 1) break;
      const carried = g.op(
        'Add',
        [mul(dh, fcs[t]!, `dh_c${t}`), mul(drh, rs[t]!, `drh_r${t}`)],
        `${n}/dh_cr${t}`,
      );
      dhRec = g.op('Add', [carried, g.op('MatMul', [dzr, rzrT], `${n}/dh_zr${t}`)], `${n}/dh_next${t}`);
    }
    const dz2 = g.reshape(g.concat(dzs, 0, `${n}/dz`), [tb, 3 * u], `${n}/dz2`);
    const [dzr2, dh2] = g.split(dz2, 1, [2 * u, u], `${n}/dz_parts`);
    g.addGrad(
      recurrent,
      g.concat(
        [
          g.op('Gemm', [h2, dzr2!], `${n}/dr_zr`, { transA: attr.int(1) }),
          g.op('Gemm', [rh2, dh2!], `${n}/dr_h`, { transA: attr.int(1) }),
        ],
        1,
        `${n}/dr`,
      ),
    );
    return inputSideGradients(g, { kernel, bias, x2, dz2 }, { steps, batch, dim }, needDx, n);
  };
  return { h, last, backward };
};
