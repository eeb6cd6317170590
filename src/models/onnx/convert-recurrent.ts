/**
 * ONNX `LSTM` / `GRU` nodes for Keras recurrent layers: `LSTM`, `GRU`, `Bidirectional` (merge
 * mode concat) around either, and Kite's {@link FusedLstm} (`KiteFusedLstm`).
 *
 * Weight layouts: Keras keeps kernel [E, gH], recurrent kernel [H, gH], bias [gH], gates in
 * the order i, f, c, o (LSTM) or z, r, h (GRU); ONNX wants W [dirs, gH, E], R [dirs, gH, H],
 * B [dirs, 2gH] (input bias then recurrent bias), gates i, o, f, c (LSTM) or z, r, h (GRU).
 * tfjs's GRU is Keras's `reset_after = false`, which is ONNX's `linear_before_reset = 0`.
 * ONNX outputs Y [T, dirs, B, H] (both directions aligned with the input's time steps) and
 * Y_h [dirs, B, H]; Keras concatenates the directions on the feature axis, so both are
 * transposed to put `dirs` next to H and reshaped.
 */

import { type LayerContext, unsupported, type Value } from './convert-layers.js';
import { attr } from './onnx-proto.js';

interface Recurrent {
  cell: 'LSTM' | 'GRU';
  units: number;
  directions: ('forward' | 'reverse')[];
  returnSequences: boolean;
  /** Per direction: kernel, recurrent kernel, bias (absent: no bias). */
  weights: { kernel: Float32Array; recurrent: Float32Array; bias?: Float32Array }[];
}

/** Position in the Keras gate order of each ONNX gate. */
const GATE_SOURCE = { LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] } as const;

/** Keras [rows, gH] (gates along columns) → ONNX [gH, rows] with gates reordered. */
function gatesFirst(cell: Recurrent['cell'], m: Float32Array, rows: number, h: number): Float32Array {
  const gates = GATE_SOURCE[cell];
  const width = gates.length * h;
  const out = new Float32Array(m.length);
  gates.forEach((src, slot) => {
    for (let u = 0; u < h; u++)
      for (let r = 0; r < rows; r++) out[(slot * h + u) * rows + r] = m[r * width + src * h + u]!;
  });
  return out;
}

function gateBias(cell: Recurrent['cell'], b: Float32Array | undefined, h: number): Float32Array {
  const gates = GATE_SOURCE[cell];
  const out = new Float32Array(2 * gates.length * h); // recurrent half stays 0 (Keras has one bias)
  if (b)
    gates.forEach((src, slot) => {
      out.set(b.subarray(src * h, (src + 1) * h), slot * h);
    });
  return out;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function emit(ctx: LayerContext, v: Value, r: Recurrent): Value {
  const { g, layer } = ctx;
  const base = layer.name;
  let x = v;
  if (x.layout === 'btf')
    x = {
      ...x,
      name: g.op('Transpose', [x.name], `${base}/time_major`, { perm: attr.ints([1, 0, 2]) }),
      layout: 'tbf',
    };
  if (x.layout !== 'tbf') throw unsupported(ctx, 'input must be a sequence [batch, time, features]');
  const h = r.units;
  const gates = GATE_SOURCE[r.cell].length;
  const dirs = r.directions.length;
  const e = r.weights[0]!.kernel.length / (gates * h);
  const W = g.floats(
    `${base}/W`,
    [dirs, gates * h, e],
    concat(r.weights.map((w) => gatesFirst(r.cell, w.kernel, e, h))),
  );
  const R = g.floats(
    `${base}/R`,
    [dirs, gates * h, h],
    concat(r.weights.map((w) => gatesFirst(r.cell, w.recurrent, h, h))),
  );
  const B = g.floats(
    `${base}/B`,
    [dirs, 2 * gates * h],
    concat(r.weights.map((w) => gateBias(r.cell, w.bias, h))),
  );
  const direction = dirs === 2 ? 'bidirectional' : r.directions[0]!;
  const [y, yh] = g.ops(r.cell, [x.name, W, R, B, x.mask?.lens ?? ''], 2, `${base}/${r.cell.toLowerCase()}`, {
    hidden_size: attr.int(h),
    direction: attr.string(direction),
    ...(r.cell === 'GRU' ? { linear_before_reset: attr.int(0) } : {}),
  });
  if (r.returnSequences) {
    const t = g.op('Transpose', [y!], `${base}/dirs_last`, { perm: attr.ints([0, 2, 1, 3]) });
    const seq = g.op('Reshape', [t, g.int64s(`${base}/seq_shape`, [0, 0, -1])], `${base}/sequence`);
    return { name: seq, layout: 'tbf', ...(x.mask ? { mask: x.mask } : {}) };
  }
  const t = g.op('Transpose', [yh!], `${base}/batch_first`, { perm: attr.ints([1, 0, 2]) });
  let last = g.op('Reshape', [t, g.int64s(`${base}/last_shape`, [0, -1])], `${base}/last`);
  if (x.mask) last = g.op('Mul', [last, x.mask.live], `${base}/masked_last`);
  return { name: last, layout: 'flat' };
}

function checkCell(ctx: LayerContext, config: Record<string, unknown>): void {
  if (config.activation !== undefined && config.activation !== 'tanh')
    throw unsupported(ctx, `activation '${String(config.activation)}' (only tanh)`);
  if (config.recurrentActivation !== 'sigmoid')
    throw unsupported(
      ctx,
      `recurrentActivation '${String(config.recurrentActivation ?? 'hardSigmoid')}' (only sigmoid; Kite's builders set it)`,
    );
  if (config.stateful === true) throw unsupported(ctx, 'stateful RNNs');
  if (config.returnState === true) throw unsupported(ctx, 'returnState');
}

function directionWeights(ctx: LayerContext, from: number, useBias: boolean) {
  const w = ctx.weights;
  return {
    kernel: w[from]!.data,
    recurrent: w[from + 1]!.data,
    ...(useBias ? { bias: w[from + 2]!.data } : {}),
  };
}

/** `LSTM` or `GRU` (tf.layers.lstm / gru). */
export function recurrent(ctx: LayerContext, v: Value, cell: 'LSTM' | 'GRU'): Value {
  const config = ctx.config;
  checkCell(ctx, config);
  const backwards = config.goBackwards === true;
  if (backwards && config.returnSequences === true)
    throw unsupported(ctx, 'goBackwards with returnSequences (Keras returns the steps reversed)');
  return emit(ctx, v, {
    cell,
    units: config.units as number,
    directions: [backwards ? 'reverse' : 'forward'],
    returnSequences: config.returnSequences === true,
    weights: [directionWeights(ctx, 0, config.useBias !== false)],
  });
}

/** `Bidirectional` around an `LSTM` or `GRU`, merge mode concat. */
export function bidirectional(ctx: LayerContext, v: Value): Value {
  const inner = ctx.config.layer as { className: string; config: Record<string, unknown> };
  if (ctx.config.mergeMode !== 'concat')
    throw unsupported(ctx, `mergeMode '${String(ctx.config.mergeMode)}' (only concat)`);
  if (inner.className !== 'LSTM' && inner.className !== 'GRU')
    throw unsupported(ctx, `a Bidirectional ${inner.className} (only LSTM and GRU)`);
  const config = inner.config;
  checkCell(ctx, config);
  if (config.goBackwards === true) throw unsupported(ctx, 'a Bidirectional layer around a goBackwards RNN');
  const useBias = config.useBias !== false;
  const per = useBias ? 3 : 2;
  return emit(ctx, v, {
    cell: inner.className,
    units: config.units as number,
    directions: ['forward', 'reverse'],
    returnSequences: config.returnSequences === true,
    weights: [directionWeights(ctx, 0, useBias), directionWeights(ctx, per, useBias)],
  });
}

/** Kite's {@link FusedLstm}: same weights and maths as tf.layers.lstm (+ bidirectional). */
export function fusedLstm(ctx: LayerContext, v: Value): Value {
  const config = ctx.config;
  const bi = config.bidirectional === true;
  return emit(ctx, v, {
    cell: 'LSTM',
    units: config.units as number,
    directions: bi ? ['forward', 'reverse'] : ['forward'],
    returnSequences: config.returnSequences === true,
    weights: bi
      ? [directionWeights(ctx, 0, true), directionWeights(ctx, 3, true)]
      : [directionWeights(ctx, 0, true)],
  });
}

/**
 * Kite's `MaskedPooling` (`KiteMaskedPooling`): max or mean over time of the unmasked steps.
 * After a masked embedding the real steps are the first `counts` positions (compacted), so the
 * step mask is `t < counts[b]`; rows without tokens pool to 0, as in tfjs.
 */
export function maskedPooling(ctx: LayerContext, v: Value): Value {
  const { g, layer, config } = ctx;
  const mode = config.mode;
  if (mode !== 'max' && mode !== 'mean') throw unsupported(ctx, `mode '${String(mode)}'`);
  if (v.layout !== 'tbf' && v.layout !== 'btf') throw unsupported(ctx, 'input must be a sequence');
  const base = layer.name;
  const axis = v.layout === 'tbf' ? 0 : 1;
  if (!v.mask) {
    // Opset 17: ReduceMax / ReduceMean take `axes` as an attribute (an input from opset 18).
    const op = mode === 'max' ? 'ReduceMax' : 'ReduceMean';
    return {
      name: g.op(op, [v.name], `${base}/${mode}`, { axes: attr.ints([axis]), keepdims: attr.int(0) }),
      layout: 'flat',
    };
  }
  if (v.layout !== 'tbf') throw unsupported(ctx, 'a masked batch-major sequence');
  const m = v.mask;
  const positions = g.int32s(
    `${base}/positions`,
    Array.from({ length: m.steps }, (_, k) => k),
    [m.steps, 1],
  );
  const counts = g.op('Unsqueeze', [m.counts, g.int64s(`${base}/axis0`, [0])], `${base}/counts_row`); // [1, B]
  const real = g.op('Less', [positions, counts], `${base}/is_real`); // [T, B]
  const steps = g.op(
    'Unsqueeze',
    [g.op('Cast', [real], `${base}/is_real_f`, { to: attr.int(1) }), g.int64s(`${base}/axis2`, [2])],
    `${base}/step_mask`,
  ); // [T, B, 1]
  if (mode === 'mean') {
    const axes = g.int64s(`${base}/time_axis`, [axis]);
    const sum = g.op('ReduceSum', [g.op('Mul', [v.name, steps], `${base}/masked`), axes], `${base}/sum`, {
      keepdims: attr.int(0),
    });
    const n = g.op('ReduceSum', [steps, axes], `${base}/count`, { keepdims: attr.int(0) }); // [B, 1]
    const denominator = g.op('Max', [n, g.floats(`${base}/one`, [], [1])], `${base}/denominator`);
    return { name: g.op('Div', [sum, denominator], `${base}/mean`), layout: 'flat' };
  }
  // Masked steps get a large negative offset, so they never win the max (as tfjs does).
  const offset = g.op(
    'Mul',
    [
      g.op('Sub', [steps, g.floats(`${base}/one`, [], [1])], `${base}/off`),
      g.floats(`${base}/big`, [], [1e9]),
    ],
    `${base}/offset`,
  );
  const max = g.op('ReduceMax', [g.op('Add', [v.name, offset], `${base}/shifted`)], `${base}/max`, {
    axes: attr.ints([axis]),
    keepdims: attr.int(0),
  });
  return { name: g.op('Mul', [max, m.live], `${base}/pooled`), layout: 'flat' };
}
