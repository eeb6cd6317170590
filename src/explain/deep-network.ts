/**
 * The network form {@link DeepExplainer} works on: a chain of Dense layers and element-wise
 * activations (plus a final softmax), in Float64. {@link networkFromTf} reads one out of a
 * TensorFlow.js LayersModel by duck typing (no TensorFlow.js import here): Dense, Activation,
 * Dropout/Flatten/InputLayer (identity at inference), and Conv2D, max/average/global-average
 * pooling and batch normalisation (`deep-conv.ts`) are supported; recurrent layers are
 * refused (shap's Deep SHAP does not support them on TF ≥ 2.5 either); anything else is
 * refused with a pointer to the model-agnostic explainers.
 */
import { KiteError } from '../core/index.js';
import { applyConvLayer, type ConvLayer, convOutputSize, readConvLayer } from './deep-conv.js';

/** Element-wise activations with their derivative (the rescale rule's fallback). */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const sig = (z: number) => 1 / (1 + Math.exp(-z));
const ACTIVATIONS = {
  linear: [(z) => z, () => 1],
  relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
  relu6: [(z) => Math.min(6, Math.max(0, z)), (z) => (z > 0 && z < 6 ? 1 : 0)],
  elu: [(z) => (z > 0 ? z : Math.expm1(z)), (z) => (z > 0 ? 1 : Math.exp(z))],
  selu: [
    (z) => SELU_SCALE * (z > 0 ? z : SELU_ALPHA * Math.expm1(z)),
    (z) => SELU_SCALE * (z > 0 ? 1 : SELU_ALPHA * Math.exp(z)),
  ],
  sigmoid: [sig, (z) => sig(z) * (1 - sig(z))],
  hardSigmoid: [(z) => Math.min(1, Math.max(0, 0.2 * z + 0.5)), (z) => (Math.abs(z) < 2.5 ? 0.2 : 0)],
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  softplus: [(z) => (z > 30 ? z : Math.log1p(Math.exp(z))), sig],
  softsign: [(z) => z / (1 + Math.abs(z)), (z) => 1 / (1 + Math.abs(z)) ** 2],
  swish: [(z) => z * sig(z), (z) => sig(z) * (1 + z * (1 - sig(z)))],
} as const satisfies Record<string, readonly [(z: number) => number, (z: number) => number]>;

/** Activation names {@link DeepExplainer} handles with the rescale rule (plus `softmax`). */
export type ActivationName = keyof typeof ACTIVATIONS;
/** The supported element-wise activations. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

/** An activation function and its derivative. */
export function activation(name: ActivationName): readonly [(z: number) => number, (z: number) => number] {
  return ACTIVATIONS[name];
}

/** One step of a {@link DenseNetwork}. */
export type DeepLayer =
  | {
      kind: 'dense';
      /** inputs × units, row-major (Keras's kernel layout). */
      kernel: Float64Array;
      bias: Float64Array;
      inputs: number;
      units: number;
    }
  | { kind: 'activation'; activation: ActivationName }
  | { kind: 'softmax' }
  | ConvLayer;

/** A chain of layers from a flat input of `inputs` numbers. */
export interface DenseNetwork {
  inputs: number;
  layers: DeepLayer[];
  /** The input's shape without the batch axis when it is not flat (e.g. `[28, 28, 1]`). */
  inputShape?: readonly number[];
}

/** Runs the network on one input (Float64). */
export function forward(net: DenseNetwork, x: ArrayLike<number>): Float64Array {
  let a: Float64Array = Float64Array.from(x);
  for (const layer of net.layers) a = applyLayer(layer, a);
  return a;
}

/** One layer's output. */
export function applyLayer(layer: DeepLayer, a: Float64Array): Float64Array {
  if (layer.kind === 'dense') {
    const out = Float64Array.from(layer.bias);
    for (let i = 0; i < layer.inputs; i++) {
      const ai = a[i] as number;
      if (ai === 0) continue;
      for (let o = 0; o < layer.units; o++)
        out[o] = (out[o] as number) + ai * (layer.kernel[i * layer.units + o] as number);
    }
    return out;
  }
  if (layer.kind === 'conv2d' || layer.kind === 'pool2d' || layer.kind === 'scale')
    return applyConvLayer(layer, a);
  if (layer.kind === 'softmax') {
    let max = Number.NEGATIVE_INFINITY;
    for (const v of a) max = Math.max(max, v);
    const e = a.map((v) => Math.exp(v - max));
    const s = e.reduce((p, v) => p + v, 0);
    return e.map((v) => v / s);
  }
  const [f] = ACTIVATIONS[layer.activation];
  return a.map(f);
}

/** The parts of a TensorFlow.js layer this module reads. */
interface TfLayerLike {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): { shape: number[]; dataSync(): ArrayLike<number> }[];
}

/** The parts of a TensorFlow.js LayersModel this module reads. */
export interface TfModelLike {
  layers: readonly TfLayerLike[];
  inputs?: readonly { shape: readonly (number | null)[] }[];
}

/** True when `value` looks like a TensorFlow.js LayersModel (has layers with getClassName). */
export function isTfModel(value: unknown): value is TfModelLike {
  const layers = (value as TfModelLike | null)?.layers;
  return Array.isArray(layers) && layers.every((l) => typeof l?.getClassName === 'function');
}

const RECURRENT = /lstm|gru|rnn|recurrent|bidirectional/i;
const IDENTITY = new Set([
  'InputLayer',
  'Dropout',
  'Flatten',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

/**
 * Reads a {@link DenseNetwork} from a TensorFlow.js model (weights copied to Float64).
 * Throws `UNSUPPORTED` naming the first layer Deep SHAP cannot explain.
 */
export function networkFromTf(model: TfModelLike): DenseNetwork {
  if (!isTfModel(model))
    throw new KiteError('INVALID_ARGUMENT', 'expected a TensorFlow.js LayersModel (an object with layers)');
  if (model.inputs && model.inputs.length !== 1)
    throw new KiteError(
      'UNSUPPORTED',
      `DeepExplainer explains single-input models; this one has ${model.inputs.length}`,
    );
  const shape = model.inputs?.[0]?.shape ?? [];
  let inputs = shape.slice(1).reduce<number>((p, d) => p * (d ?? Number.NaN), 1);
  // a recurrent layer anywhere is the reason to refuse, whatever comes before it (an Embedding)
  const rnn = model.layers.find((l) => RECURRENT.test(l.getClassName()));
  if (rnn) {
    throw new KiteError(
      'UNSUPPORTED',
      `Deep SHAP does not support recurrent layers: layer ${JSON.stringify(rnn.name)} (${rnn.getClassName()})`,
      {
        hint: "shap's own Deep SHAP LSTM test is skipped for TF ≥ 2.5; explain text models with PartitionExplainer over tokens (TextMasker) or PermutationExplainer",
      },
    );
  }
  const layers: DeepLayer[] = [];
  let width = inputs;
  const inner0 = shape.slice(1);
  // [h, w, c] while the activations are images; undefined once flattened.
  let image =
    inner0.length === 3 && inner0.every((d) => typeof d === 'number' && d > 0)
      ? (inner0 as [number, number, number])
      : undefined;
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const where = `layer ${JSON.stringify(layer.name)} (${cls})`;
    if (cls === 'Flatten') image = undefined;
    if (IDENTITY.has(cls)) continue;
    const config = layer.getConfig();
    const conv = readConvLayer(layer, image);
    if (conv) {
      layers.push(conv.layer);
      if (conv.layer.kind !== 'scale') width = convOutputSize(conv.layer);
      image = conv.shape;
      pushActivation(layers, conv.activation, where);
    } else if (cls === 'Dense') {
      const [kernel, bias] = layer.getWeights();
      if (kernel?.shape.length !== 2)
        throw new KiteError('INVALID_ARGUMENT', `${where}: expected a 2-D kernel`);
      const [rows, units] = kernel.shape as [number, number];
      if (Number.isNaN(width)) inputs = width = rows;
      if (rows !== width)
        throw new KiteError(
          'UNSUPPORTED',
          `${where}: takes ${rows} inputs but the previous layer gives ${width}`,
        );
      layers.push({
        kind: 'dense',
        kernel: Float64Array.from(kernel.dataSync()),
        bias: bias ? Float64Array.from(bias.dataSync()) : new Float64Array(units),
        inputs: rows,
        units,
      });
      width = units;
      pushActivation(layers, config.activation, where);
    } else if (cls === 'Activation' || cls === 'ReLU' || cls === 'Softmax') {
      pushActivation(layers, cls === 'Activation' ? config.activation : cls.toLowerCase(), where);
    } else {
      throw new KiteError(
        'UNSUPPORTED',
        `DeepExplainer supports Dense, Conv2D, pooling, batch-norm and activation layers; ${where} is not supported`,
        {
          hint: 'use GradientExplainer (tf.grad) or a model-agnostic explainer (Explainer, PartitionExplainer) for this model',
        },
      );
    }
  }
  if (layers.length === 0 || Number.isNaN(inputs))
    throw new KiteError('UNSUPPORTED', 'DeepExplainer found no layer to explain in this model');
  const inner = shape.slice(1) as number[];
  return { inputs, layers, ...(inner.length > 1 && inner.every((d) => d > 0) ? { inputShape: inner } : {}) };
}

function pushActivation(layers: DeepLayer[], name: unknown, where: string): void {
  const n = name === undefined || name === null ? 'linear' : String(name);
  if (n === 'linear') return;
  if (n === 'softmax') layers.push({ kind: 'softmax' });
  else if ((ACTIVATION_NAMES as string[]).includes(n))
    layers.push({ kind: 'activation', activation: n as ActivationName });
  else
    throw new KiteError(
      'UNSUPPORTED',
      `${where}: activation ${JSON.stringify(n)} is not supported by DeepExplainer`,
      {
        hint: `supported: ${[...ACTIVATION_NAMES, 'softmax'].join(', ')}`,
      },
    );
}
