/**
 * The Embedding layer as an ONNX Gather, with Keras's `maskZero` padding turned into
 * `sequence_lens` for the recurrent layers that follow.
 */
import { inputShape, type LayerContext, unsupported, type Value } from './convert-layers.js';
import { attr } from './onnx-proto.js';

/**
 * Token ids [B, T] (int32) → embeddings [T, B, E] (time-major, what ONNX LSTM/GRU read). With
 * `maskZero`, padding (id 0) is handled as Keras does, by skipping masked steps: each row's
 * real tokens are moved to the front in order (a TopK on `isPad·T + position`) and the
 * recurrent layers get the per-row counts as `sequence_lens`. That matches Kite's FusedLstm and
 * tfjs's RNNs for padding anywhere ('post', 'pre' or inside). ONNX Runtime rejects a length of
 * 0, so lengths are clamped to 1 and the rows without tokens are zeroed after the last
 * recurrent layer (Keras leaves their state at its zero start).
 */
export function embedding(ctx: LayerContext, v: Value): Value {
  const { g, layer, config } = ctx;
  if (v.layout !== 'btf' && v.layout !== 'flat')
    throw unsupported(ctx, 'input must be token ids [batch, length]');
  const [emb] = ctx.weights;
  const table = g.floats(`${layer.name}/embeddings`, emb!.shape, emb!.data);
  const shape = inputShape(layer);
  const T = shape[1];
  let tokens = v.name;
  let mask: Value['mask'];
  if (config.maskZero === true) {
    if (typeof T !== 'number') throw unsupported(ctx, 'maskZero needs a fixed inputLength');
    const base = `${layer.name}/mask`;
    const isPad = g.op('Equal', [tokens, g.int32s(`${base}/zero`, [0], [])], `${base}/is_pad`);
    const padF = g.op('Cast', [isPad], `${base}/is_pad_f`, { to: attr.int(1) });
    const key = g.op(
      'Add',
      [
        g.op('Mul', [padF, g.floats(`${base}/length`, [], [T])], `${base}/pad_key`),
        g.floats(
          `${base}/positions`,
          [T],
          Array.from({ length: T }, (_, k) => k),
        ),
      ],
      `${base}/key`,
    );
    const [, order] = g.ops('TopK', [key, g.int64s(`${base}/k`, [T])], 2, `${base}/order`, {
      axis: attr.int(1),
      largest: attr.int(0),
      sorted: attr.int(1),
    });
    tokens = g.op('GatherElements', [tokens, order!], `${base}/compacted`, { axis: attr.int(1) });
    const real = g.op('Cast', [g.op('Not', [isPad], `${base}/is_real`)], `${base}/is_real_i`, {
      to: attr.int(6),
    });
    const counts = g.op('ReduceSum', [real, g.int64s(`${base}/axis1`, [1])], `${base}/counts`, {
      keepdims: attr.int(0),
    });
    const lens = g.op('Max', [counts, g.int32s(`${base}/one`, [1], [])], `${base}/lens`);
    const any = g.op('Greater', [counts, g.int32s(`${base}/zero_count`, [0], [])], `${base}/any`);
    const live = g.op(
      'Unsqueeze',
      [g.op('Cast', [any], `${base}/any_f`, { to: attr.int(1) }), g.int64s(`${base}/axis_live`, [1])],
      `${base}/live`,
    );
    mask = { lens, live, counts, steps: T };
  }
  const timeMajor = g.op('Transpose', [tokens], `${layer.name}/time_major`, { perm: attr.ints([1, 0]) });
  const y = g.op('Gather', [table, timeMajor], `${layer.name}/gather`, { axis: attr.int(0) });
  return { name: y, layout: 'tbf', ...(mask ? { mask } : {}) };
}
