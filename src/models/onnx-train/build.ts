/**
 * Compiles one training step of a tfjs model — forward pass, loss, gradients (reverse mode,
 * layer by layer) and the optimizer's update — into a single ONNX graph for a fixed batch size.
 * Graph inputs: the batch, the weights and optimizer state, the step's dropout masks and the
 * optimizer's step scalars; outputs: loss, metric, and the new weights and state.
 */
import type * as tf from '@tensorflow/tfjs';
import { KiteError } from '../../core/index.js';
import { chain, ONNX_IR_VERSION } from '../onnx/export.js';
import { attr, encodeModel, type OnnxValueInfo } from '../onnx/onnx-proto.js';
import {
  type Backward,
  notTrainable,
  type TrainBuffer,
  TrainGraph,
  type TrainNoise,
  type TrainParam,
  type TrainValue,
} from './graph.js';
import {
  activationLayer,
  batchNorm,
  conv2d,
  dense,
  dropout,
  flatten,
  type TrainConverter,
} from './layers-image.js';
import { avgPool2d, maxPool2d } from './layers-pool.js';
import { embedding, maskedPooling } from './layers-sequence.js';
import { type OptimizerSpec, optimizerSpec, updateNodes } from './optimizer.js';
import { bidirectional, fusedLstm, rnnLayer } from './recurrent.js';

/** Keras class names the ONNX trainer handles. */
export const ONNX_TRAIN_LAYERS: Record<string, TrainConverter> = {
  InputLayer: (_, __, x) => ({ y: x, backward: (dy) => dy }),
  Conv2D: conv2d,
  MaxPooling2D: maxPool2d,
  AveragePooling2D: avgPool2d,
  Activation: activationLayer,
  Flatten: flatten,
  Dense: dense,
  BatchNormalization: batchNorm,
  Dropout: dropout,
  KiteStepDropout: dropout,
  Embedding: embedding,
  KiteFusedLstm: fusedLstm,
  LSTM: rnnLayer,
  GRU: rnnLayer,
  Bidirectional: bidirectional,
  KiteMaskedPooling: maskedPooling,
};

/** The opset of training graphs (ScatterND's `reduction` needs 16). */
export const ONNX_TRAIN_OPSET = 17;

export type InputKind = 'image' | 'tokens' | 'table';

export interface CompiledTrainStep {
  bytes: Uint8Array;
  batch: number;
  inputKind: InputKind;
  /** Image/table shape without the batch, or [steps] for tokens. */
  inputShape: number[];
  task: 'classification' | 'regression';
  params: TrainParam[];
  noise: TrainNoise[];
  /** Non-trainable weights the step updates (batch norm's moving statistics). */
  buffers: TrainBuffer[];
  optimizer: OptimizerSpec;
  /** Output names, in the order {@link OnnxTrainer} reads them. */
  outputs: { loss: string; metric: string; params: string[]; state: string[][] };
  /** Input names of each parameter's optimizer state, in the order of `outputs.state`. */
  stateInputs: string[][];
}

function inputKind(model: tf.LayersModel, layers: tf.layers.Layer[]): InputKind {
  const first = layers.find((l) => l.getClassName() !== 'InputLayer');
  if (first?.getClassName() === 'Embedding') return 'tokens';
  return model.inputs[0]!.shape.length === 4 ? 'image' : 'table';
}

/** Adds the loss; returns its name, the metric's, and the logits' gradient. */
function lossNodes(
  g: TrainGraph,
  out: TrainValue,
  task: 'classification' | 'regression',
  lastLayer: tf.layers.Layer,
): { loss: string; metric: string; dOut: string } {
  const b = g.batch;
  if (task === 'classification') {
    const labels = g.op('Cast', [g.input('labels', 'int32', [b])], 'labels_i64', { to: attr.int(7) });
    const classes = out.shape[1]!;
    const onehot = g.op(
      'OneHot',
      [labels, g.int64s('depth', [classes], []), g.floats('onehot_values', [2], [0, 1])],
      'onehot',
      { axis: attr.int(-1) },
    );
    const p = g.op('Softmax', [out.name], 'probs', { axis: attr.int(-1) });
    // tfjs: −mean(log(clip(p_y, ε, 1 − ε))), ε = 1e-7.
    const py = g.sum(g.op('Mul', [p, onehot], 'p_onehot'), [1], 'p_label');
    const logp = g.op('Log', [g.op('Clip', [py, g.scalar(1e-7), g.scalar(1 - 1e-7)], 'p_clip')], 'log_p');
    const loss = g.op('Neg', [g.op('ReduceMean', [logp], 'mean_log_p', { keepdims: attr.int(0) })], 'ce');
    const hit = g.op(
      'Equal',
      [g.op('ArgMax', [out.name], 'argmax', { axis: attr.int(1), keepdims: attr.int(0) }), labels],
      'hit',
    );
    const metric = g.op('ReduceMean', [g.op('Cast', [hit], 'hit_f', { to: attr.int(1) })], 'accuracy', {
      keepdims: attr.int(0),
    });
    const dOut = g.op('Mul', [g.op('Sub', [p, onehot], 'p_minus_y'), g.scalar(1 / b)], 'd_logits');
    return { loss, metric, dOut };
  }
  if (out.shape[1] !== 1) throw notTrainable(lastLayer, 'a regression model must end in one unit');
  const y = g.reshape(g.input('labels', 'float32', [b]), [b, 1], 'targets');
  const diff = g.op('Sub', [out.name, y], 'residual');
  const loss = g.op('ReduceMean', [g.op('Mul', [diff, diff], 'sq')], 'mse', { keepdims: attr.int(0) });
  const metric = g.op('ReduceMean', [g.op('Abs', [diff], 'abs')], 'mae', { keepdims: attr.int(0) });
  const dOut = g.op('Mul', [diff, g.scalar(2 / b)], 'd_out');
  return { loss, metric, dOut };
}

function taskOf(model: tf.LayersModel, last: tf.layers.Layer): 'classification' | 'regression' {
  const loss = Array.isArray(model.loss) ? model.loss[0] : model.loss;
  const activation = (last.getConfig() as { activation?: string }).activation;
  if (loss === 'sparseCategoricalCrossentropy' && activation === 'softmax') return 'classification';
  if ((loss === 'meanSquaredError' || loss === 'mse') && activation === 'linear') return 'regression';
  throw new KiteError(
    'UNSUPPORTED',
    `ONNX training: loss '${String(loss)}' with a final '${activation}' activation is not supported`,
    {
      hint: "use sparseCategoricalCrossentropy with softmax, or meanSquaredError with a linear output; or train with engine 'tfjs'",
    },
  );
}

/**
 * Compiles `model`'s training step for batches of `batch` examples. Throws
 * `KiteError('UNSUPPORTED')` naming the first layer, loss or optimizer it cannot handle.
 */
export function compileTrainStep(model: tf.LayersModel, batch: number): CompiledTrainStep {
  const layers = chain(model);
  const kind = inputKind(model, layers);
  const task = taskOf(model, layers.at(-1)!);
  const names = model.metricsNames.join(',');
  if (names !== 'loss' && names !== `loss,${task === 'classification' ? 'acc' : 'mae'}`)
    throw new KiteError('UNSUPPORTED', `ONNX training: metrics ${names} are not supported`, {
      hint: "compile with metrics ['accuracy'] (classification) or ['mae'] (regression), or train with engine 'tfjs'",
    });
  const optimizer = optimizerSpec(model);
  const g = new TrainGraph(batch);
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  if (shape.some((d) => d === null))
    throw new KiteError('UNSUPPORTED', 'ONNX training needs a fixed input shape');
  let x: TrainValue;
  if (kind === 'image') {
    const [h, w, c] = shape as [number, number, number];
    const nhwc = g.input('x', 'float32', [batch, h, w, c]);
    x = { name: g.transpose(nhwc, [0, 3, 1, 2], 'x_nchw'), shape: [batch, c, h, w], layout: 'nchw' };
  } else if (kind === 'tokens') {
    const steps = shape[0]!;
    // Token ids time-major, each row's real tokens moved to the front (OnnxTrainer does it).
    x = { name: g.input('ids', 'int32', [steps, batch]), shape: [steps, batch], layout: 'tbf' };
    g.sequence = {
      mask: g.input('mask', 'float32', [steps, batch, 1]),
      lengths: g.input('lengths', 'int32', [batch]),
    };
  } else {
    x = { name: g.input('x', 'float32', [batch, shape[0]!]), shape: [batch, shape[0]!], layout: 'flat' };
  }
  const backwards: Backward[] = [];
  for (const layer of layers) {
    const convert = ONNX_TRAIN_LAYERS[layer.getClassName()];
    if (!convert)
      throw notTrainable(
        layer,
        `${layer.getClassName()} is not supported (supported: ${Object.keys(ONNX_TRAIN_LAYERS).join(', ')})`,
      );
    const step = convert(g, layer, x);
    x = step.y;
    if (step.backward) backwards.push(step.backward);
  }
  if (x.layout !== 'flat') throw notTrainable(layers.at(-1)!, 'the model must end in a [batch, units] value');
  const { loss: dataLoss, metric, dOut } = lossNodes(g, x, task, layers.at(-1)!);
  let grad: string | undefined = dOut;
  for (let k = backwards.length - 1; k >= 0 && grad; k--) grad = backwards[k]!(grad, k > 0);
  let loss = dataLoss;
  for (const p of g.params) {
    if (!p.grad) throw new KiteError('INTERNAL', `ONNX training: no gradient reached ${p.variable.name}`);
    if (!p.l2) continue;
    const sq = g.op('ReduceSum', [g.op('Mul', [p.name, p.name], `${p.name}_sq`)], `${p.name}_sumsq`, {
      keepdims: attr.int(0),
    });
    loss = g.op('Add', [loss, g.op('Mul', [sq, g.scalar(p.l2)], `${p.name}_l2`)], 'loss_l2');
    p.grad = g.op(
      'Add',
      [p.grad, g.op('Mul', [p.name, g.scalar(2 * p.l2)], `${p.name}_l2_grad`)],
      `${p.name}_grad_l2`,
    );
  }
  const update = updateNodes(g, optimizer);
  const inputs: OnnxValueInfo[] = [
    ...g.dataInputs,
    ...g.params.map((p) => ({ name: p.name, type: 'float32' as const, shape: p.shape })),
    ...update.inputs,
    ...g.noise.map((n) => ({ name: n.name, type: 'float32' as const, shape: n.shape })),
    ...g.buffers.map((b) => ({ name: b.name, type: 'float32' as const, shape: b.shape })),
  ];
  const floatOut = (name: string, s: number[]): OnnxValueInfo => ({ name, type: 'float32', shape: s });
  const outputs: OnnxValueInfo[] = [
    floatOut(g.op('Identity', [loss], 'loss_out'), []),
    floatOut(g.op('Identity', [metric], 'metric_out'), []),
    ...update.params.map((name, k) => floatOut(name, g.params[k]!.shape)),
    ...update.state.flatMap((names, k) => names.map((name) => floatOut(name, g.params[k]!.shape))),
    ...g.buffers.map((b) => floatOut(b.output, b.shape)),
  ];
  const bytes = encodeModel({
    irVersion: ONNX_IR_VERSION,
    opset: ONNX_TRAIN_OPSET,
    producerName: 'kite',
    producerVersion: '0',
    graph: {
      name: `${model.name}_train_step`,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs,
      outputs,
    },
  });
  return {
    bytes,
    batch,
    inputKind: kind,
    inputShape: shape,
    task,
    params: g.params,
    noise: g.noise,
    buffers: g.buffers,
    optimizer,
    outputs: { loss: outputs[0]!.name, metric: outputs[1]!.name, params: update.params, state: update.state },
    stateInputs: update.stateInputs,
  };
}
