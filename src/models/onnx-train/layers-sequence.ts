/**
 * Forward and gradient graphs for text models: Embedding and MaskedPooling.
 * Sequences are time-major [T, B, F] with each row's real tokens first (the trainer moves them
 * there; FusedLstm skips padding steps wherever they are, so the maths is unchanged) and a mask
 * [T, B, 1].
 *
 * Recurrent layers are in `recurrent.ts`.
 */
import { attr } from '../onnx/onnx-proto.js';
import { notTrainable } from './graph.js';
import { l2Of, type TrainConverter } from './layers-image.js';

export const embedding: TrainConverter = (g, layer, x) => {
  const c = layer.getConfig() as Record<string, unknown>;
  if (x.layout !== 'tbf' || x.shape.length !== 2)
    throw notTrainable(layer, 'Embedding must read the token ids');
  const [steps, batch] = x.shape as [number, number];
  const [vocabulary, dim] = [c.inputDim as number, c.outputDim as number];
  const table = g.param(layer.trainableWeights[0]!, l2Of(layer, 'embeddingsRegularizer'));
  const y = g.op('Gather', [table.name, x.name], `${layer.name}/gather`);
  return {
    y: { name: y, shape: [steps, batch, dim], layout: 'tbf', masked: Boolean(c.maskZero) },
    backward: (dy) => {
      const ids = g.op('Cast', [x.name], `${layer.name}/ids64`, { to: attr.int(7) });
      const index = g.op('Unsqueeze', [ids, g.int64s(`${layer.name}/axis`, [-1])], `${layer.name}/index`);
      const zeros = g.zeros([vocabulary, dim], `${layer.name}/zeros`);
      const grad = g.op('ScatterND', [zeros, index, dy], `${layer.name}/scatter`, {
        reduction: attr.string('add'),
      });
      g.addGrad(table, grad);
      return undefined;
    },
  };
};

export const maskedPooling: TrainConverter = (g, layer, x) => {
  const mode = (layer.getConfig() as { mode: string }).mode;
  const seq = g.sequence;
  if (x.layout !== 'tbf' || !seq) throw notTrainable(layer, 'MaskedPooling must read a sequence');
  const [, batch, width] = x.shape as [number, number, number];
  const n = layer.name;
  const count = g.sum(seq.mask, [0], `${n}/count`); // [B, 1]
  const y = { shape: [batch, width], layout: 'flat' as const };
  if (mode === 'mean') {
    const denom = g.op('Max', [count, g.scalar(1)], `${n}/denom`);
    const sum = g.sum(g.op('Mul', [x.name, seq.mask], `${n}/masked`), [0], `${n}/sum`);
    return {
      y: { ...y, name: g.op('Div', [sum, denom], `${n}/mean`) },
      backward: (dy) =>
        g.op(
          'Mul',
          [seq.mask, g.reshape(g.op('Div', [dy, denom], `${n}/d_mean`), [1, batch, width], `${n}/d_row`)],
          `${n}/dx`,
        ),
    };
  }
  if (mode !== 'max') throw notTrainable(layer, `pooling '${mode}' is not supported`);
  // Padding steps get −1e9 so they never win; all-padding rows give 0 (as the layer does).
  const offset = g.op('Mul', [g.op('Sub', [seq.mask, g.scalar(1)], `${n}/m1`), g.scalar(1e9)], `${n}/offset`);
  const shifted = g.op('Add', [x.name, offset], `${n}/shifted`);
  const max = g.op('ReduceMax', [shifted], `${n}/max`, { axes: attr.ints([0]), keepdims: attr.int(1) });
  const has = g.op('Min', [count, g.scalar(1)], `${n}/has`);
  return {
    y: { ...y, name: g.op('Mul', [g.reshape(max, [batch, width], `${n}/max2`), has], `${n}/pooled`) },
    backward: (dy) => {
      // tfjs's max gradient: every position equal to the maximum gets it.
      const winners = g.op('Cast', [g.op('Equal', [shifted, max], `${n}/eq`)], `${n}/winners`, {
        to: attr.int(1),
      });
      const d = g.reshape(g.op('Mul', [dy, has], `${n}/d_has`), [1, batch, width], `${n}/d_row`);
      return g.op('Mul', [winners, d], `${n}/dx`);
    },
  };
};
