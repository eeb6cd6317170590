/**
 * One direction of an LSTM over a time-major sequence: the forward pass is ONNX's LSTM operator
 * (`sequence_lens` = each row's length; Keras gate order i, f, c, o reordered in the graph to
 * ONNX's i, o, f, c). For the gradient the gates of every step are recomputed at once from the
 * LSTM's outputs (two large products), the cell states by the elementwise recurrence
 * c_t = F_t·c_{t−1} + G_t, and back-propagation through time runs one small product per step:
 *   dh = dY_t + dh',  dc = dc' + dh·A_t,  dz_t = [dc, dc, dc, dh]·Fac_t,
 *   dh' = dz_t·Rᵀ + dh·(1 − m_t),  dc' = dc·F_t,
 * with A = m·o·(1 − tanh²c), Fac = m·[g·i(1−i), c_{t−1}·f(1−f), i·(1−g²), tanh c·o(1−o)],
 * F = m·f + 1 − m (a padding step carries the state and its gradient unchanged). The weight
 * gradients are then three large products over all steps.
 */
import { attr } from '../onnx/onnx-proto.js';
import { inputSideGradients, perStep, previousStates } from './direction-common.js';
import type { TrainGraph } from './graph.js';
import type { DirectionBuilder } from './recurrent.js';

/** Keras gate order (i, f, c, o) → ONNX's (i, o, f, c), along `axis`. */
function onnxGates(g: TrainGraph, w: string, units: number, axis: number, base: string): string {
  const [i, f, c, o] = g.split(w, axis, [units, units, units, units], `${base}_gates`);
  return g.concat([i!, o!, f!, c!], axis, `${base}_iofc`);
}

/** One direction of an LSTM (Keras maths and weight layout; FusedLstm's and tfjs's LSTM). */
export const lstmDirection: DirectionBuilder = (g, cell, x) => {
  const seq = g.sequence!;
  const [steps, batch, dim] = x.shape as [number, number, number];
  const { units: u, reverse, name: n } = cell;
  const kernel = g.param(cell.kernel);
  const recurrent = g.param(cell.recurrent);
  const bias = g.param(cell.bias);
  const w = g.reshape(
    g.transpose(onnxGates(g, kernel.name, u, 1, `${n}/w`), [1, 0], `${n}/wt`),
    [1, 4 * u, dim],
    `${n}/W`,
  );
  const r = g.reshape(
    g.transpose(onnxGates(g, recurrent.name, u, 1, `${n}/r`), [1, 0], `${n}/rt`),
    [1, 4 * u, u],
    `${n}/R`,
  );
  const b = g.reshape(
    g.concat([onnxGates(g, bias.name, u, 0, `${n}/b`), g.zeros([4 * u], `${n}/rb`)], 0, `${n}/bb`),
    [1, 8 * u],
    `${n}/B`,
  );
  const [y, yh] = g.ops('LSTM', [x.name, w, r, b, seq.lengths], 2, `${n}/lstm`, {
    hidden_size: attr.int(u),
    direction: attr.string(reverse ? 'reverse' : 'forward'),
  });
  const h = g.reshape(y!, [steps, batch, u], `${n}/h`);
  const last = g.reshape(yh!, [batch, u], `${n}/h_last`);
  const backward = (dSeq: string | undefined, dLast: string | undefined, needDx: boolean) => {
    const { hPrev, zero } = previousStates(g, h, { steps, batch, units: u }, reverse, n);
    const x2 = g.reshape(x.name, [steps * batch, dim], `${n}/x2`);
    const h2 = g.reshape(hPrev, [steps * batch, u], `${n}/h2`);
    const z2 = g.op(
      'Add',
      [
        g.op('Gemm', [x2, kernel.name, bias.name], `${n}/xw`),
        g.op('MatMul', [h2, recurrent.name], `${n}/hr`),
      ],
      `${n}/z2`,
    );
    const z = g.reshape(z2, [steps, batch, 4 * u], `${n}/z`);
    const [zi, zf, zc, zo] = g.split(z, 2, [u, u, u, u], `${n}/zs`);
    const sig = (v: string, s: string) => g.op('Sigmoid', [v], `${n}/${s}`);
    const [i, f, gg, o] = [sig(zi!, 'i'), sig(zf!, 'f'), g.op('Tanh', [zc!], `${n}/g`), sig(zo!, 'o')];
    const mul = (a: string, c: string, s: string) => g.op('Mul', [a, c], `${n}/${s}`);
    const oneMinus = (a: string, s: string) => g.op('Sub', [g.scalar(1), a], `${n}/${s}`);
    const notM = oneMinus(seq.mask, 'not_m');
    const fGate = g.op('Add', [mul(seq.mask, f, 'mf'), notM], `${n}/F`);
    const gIn = mul(seq.mask, mul(i, gg, 'ig'), 'G');
    const one = (v: string, s: string) => perStep(g, v, steps, `${n}/${s}`);
    const fs = one(fGate, 'Fs');
    const gs = one(gIn, 'Gs');
    const order = [...Array(steps).keys()];
    if (reverse) order.reverse();
    const cs: string[] = Array(steps);
    let cPrevStep: string | undefined;
    for (const t of order) {
      cs[t] = cPrevStep ? g.op('Add', [mul(fs[t]!, cPrevStep, `f_c${t}`), gs[t]!], `${n}/c${t}`) : gs[t]!;
      cPrevStep = cs[t];
    }
    const c = g.concat(cs, 0, `${n}/c`);
    const cPrev = reverse
      ? g.concat([...cs.slice(1), zero], 0, `${n}/c_next`)
      : g.concat([zero, ...cs.slice(0, -1)], 0, `${n}/c_prev`);
    const tc = g.op('Tanh', [c], `${n}/tc`);
    const dsig = (a: string, s: string) => mul(a, oneMinus(a, `${s}_1m`), `${s}_d`);
    const fac = mul(
      seq.mask,
      g.concat(
        [
          mul(gg, dsig(i, 'i'), 'fac_i'),
          mul(cPrev, dsig(f, 'f'), 'fac_f'),
          mul(i, oneMinus(mul(gg, gg, 'g2'), 'g_d'), 'fac_g'),
          mul(tc, dsig(o, 'o'), 'fac_o'),
        ],
        2,
        `${n}/fac_cat`,
      ),
      'fac',
    );
    const a = mul(seq.mask, mul(o, oneMinus(mul(tc, tc, 'tc2'), 'tc_d'), 'o_tc'), 'A');
    const facs = one(fac, 'facs');
    const as = one(a, 'As');
    const notMs = x.masked ? one(notM, 'notMs') : undefined;
    const dys = dSeq ? one(dSeq, 'dys') : undefined;
    const rT = g.transpose(recurrent.name, [1, 0], `${n}/r_t`);
    const dzs: string[] = Array(steps);
    let dhRec = dLast ? g.reshape(dLast, [1, batch, u], `${n}/dh_last`) : undefined;
    let dcRec: string | undefined;
    const back = [...order].reverse();
    for (const [k, t] of back.entries()) {
      let dh = dhRec;
      if (dys) dh = dh ? g.op('Add', [dh, dys[t]!], `${n}/dh${t}`) : dys[t]!;
      if (!dh) dh = zero;
      const dcHere = mul(dh, as[t]!, `dc_h${t}`);
      const dc = dcRec ? g.op('Add', [dcRec, dcHere], `${n}/dc${t}`) : dcHere;
      dzs[t] = mul(g.concat([dc, dc, dc, dh], 2, `${n}/dcat${t}`), facs[t]!, `dz${t}`);
      if (k === back.length - 1) break;
      const rec = g.op('MatMul', [dzs[t]!, rT], `${n}/dh_rec${t}`);
      dhRec = notMs ? g.op('Add', [rec, mul(dh, notMs[t]!, `dh_carry${t}`)], `${n}/dh_next${t}`) : rec;
      dcRec = mul(dc, fs[t]!, `dc_next${t}`);
    }
    const dz2 = g.reshape(g.concat(dzs, 0, `${n}/dz`), [steps * batch, 4 * u], `${n}/dz2`);
    g.addGrad(recurrent, g.op('Gemm', [h2, dz2], `${n}/dr`, { transA: attr.int(1) }));
    return inputSideGradients(g, { kernel, bias, x2, dz2 }, { steps, batch, dim }, needDx, n);
  };
  return { h, last, backward };
};
