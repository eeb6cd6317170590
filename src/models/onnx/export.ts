/**
 * tfjs `LayersModel` → ONNX (opset 17, IR 8) for the layer set Kite's builders use. The model
 * must be a chain of layers with one input and one output (what `tf.sequential` makes). The
 * exporter needs no runtime: the bytes are written by Kite's own protobuf writer.
 */
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { KiteError } from '../../core/index.js';
import { embedding } from './convert-embedding.js';
import {
  activationLayer,
  batchNorm,
  conv2d,
  dense,
  flatten,
  type LayerContext,
  type Layout,
  pool2d,
  toTfLayout,
  unsupported,
  type Value,
} from './convert-layers.js';
import { bidirectional, fusedLstm, maskedPooling, recurrent } from './convert-recurrent.js';
import { GraphBuilder } from './graph-builder.js';
import { encodeModel, type OnnxModel, type OnnxValueInfo } from './onnx-proto.js';

/** The operator set the exporter targets (onnxruntime-node 1.30 runs up to opset 23). */
export const ONNX_OPSET = 17;
/** The IR version that goes with {@link ONNX_OPSET}. */
export const ONNX_IR_VERSION = 8;
/** Name of the exported graph's input and output. */
export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'output';

/** Keras class names the exporter converts. */
export const ONNX_LAYERS = [
  'InputLayer',
  'Conv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'BatchNormalization',
  'Activation',
  'Dropout',
  'Flatten',
  'Dense',
  'Embedding',
  'LSTM',
  'GRU',
  'Bidirectional',
  'KiteFusedLstm',
  'KiteStepDropout',
  'KiteMaskedPooling',
] as const;

type Converter = (ctx: LayerContext, v: Value) => Value;
const CONVERTERS: Record<(typeof ONNX_LAYERS)[number], Converter> = {
  InputLayer: (_, v) => v,
  Dropout: (_, v) => v,
  Conv2D: conv2d,
  MaxPooling2D: (ctx, v) => pool2d(ctx, v, 'MaxPool'),
  AveragePooling2D: (ctx, v) => pool2d(ctx, v, 'AveragePool'),
  BatchNormalization: batchNorm,
  Activation: activationLayer,
  Flatten: flatten,
  Dense: dense,
  Embedding: embedding,
  LSTM: (ctx, v) => recurrent(ctx, v, 'LSTM'),
  GRU: (ctx, v) => recurrent(ctx, v, 'GRU'),
  Bidirectional: bidirectional,
  KiteFusedLstm: fusedLstm,
  KiteStepDropout: (_, v) => v,
  KiteMaskedPooling: maskedPooling,
};

export interface OnnxExportOptions {
  /** Graph name (default: the model's name). */
  name?: string;
  /** Stored as ModelProto.doc_string. */
  docString?: string;
  /** Stored as ModelProto.metadata_props (for example the classes). */
  metadata?: Record<string, string>;
}

/** The model's layers in order, checked to form a single chain. */
export function chain(model: tf.LayersModel): tf.layers.Layer[] {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new KiteError(
      'UNSUPPORTED',
      `ONNX export: model '${model.name}' has ${model.inputs.length} inputs and ${model.outputs.length} outputs; only single-input, single-output models are exported`,
    );
  const layers = model.layers;
  for (let k = 1; k < layers.length; k++) {
    const inbound = (layers[k] as unknown as { inboundNodes: { inboundLayers: tf.layers.Layer[] }[] })
      .inboundNodes;
    const from = inbound.flatMap((n) => n.inboundLayers);
    if (from.length !== 1 || from[0] !== layers[k - 1])
      throw new KiteError(
        'UNSUPPORTED',
        `ONNX export: layer '${layers[k]!.name}' does not read the layer before it; only chains of layers (tf.sequential) are exported`,
      );
  }
  return layers;
}

function initialLayout(rank: number): Layout {
  return rank === 4 ? 'nhwc' : rank === 3 ? 'btf' : 'flat';
}

function valueInfo(
  name: string,
  type: OnnxValueInfo['type'],
  shape: readonly (number | null)[],
): OnnxValueInfo {
  return { name, type, shape: shape.map((d, k) => (k === 0 ? 'batch' : (d ?? `dim${k}`))) };
}

/**
 * The ONNX graph of a tfjs model as plain objects (see {@link exportOnnx} for the bytes).
 * Unsupported layers or settings throw `KiteError('UNSUPPORTED')` naming the layer.
 */
export function toOnnxModel(model: tf.LayersModel, options: OnnxExportOptions = {}): OnnxModel {
  const layers = chain(model);
  const g = new GraphBuilder();
  const input = model.inputs[0]!;
  const tokens = layers.find((l) => l.getClassName() !== 'InputLayer')?.getClassName() === 'Embedding';
  let v: Value = { name: g.reserve(ONNX_INPUT), layout: tokens ? 'btf' : initialLayout(input.shape.length) };
  if (tokens && input.shape.length !== 2)
    throw new KiteError(
      'UNSUPPORTED',
      `ONNX export: an Embedding input must be [batch, length], got ${JSON.stringify(input.shape)}`,
    );
  g.reserve(ONNX_OUTPUT);
  for (const layer of layers) {
    const className = layer.getClassName();
    const convert = CONVERTERS[className as keyof typeof CONVERTERS];
    const ctx: LayerContext = {
      g,
      layer,
      config: layer.getConfig() as Record<string, unknown>,
      weights: [],
    };
    if (!convert)
      throw new KiteError(
        'UNSUPPORTED',
        `ONNX export: layer '${layer.name}' (${className}) is not supported`,
        {
          hint: `supported layers: ${ONNX_LAYERS.join(', ')}; export a model made by buildCnn, buildRnn or buildMlp, or replace the layer`,
        },
      );
    ctx.weights = layer.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));
    v = convert(ctx, v);
  }
  if (v.mask && v.layout !== 'flat')
    throw unsupported(
      { layer: layers.at(-1)! },
      'the model ends in a masked sequence; end with a recurrent layer or Dense',
    );
  v = toTfLayout(g, v, 'output');
  g.nodes.push({ op: 'Identity', inputs: [v.name], outputs: [ONNX_OUTPUT], name: 'output/Identity' });
  const output = model.outputs[0]!;
  return {
    irVersion: ONNX_IR_VERSION,
    opset: ONNX_OPSET,
    producerName: 'kite',
    producerVersion: `tfjs-${tf.version.tfjs}`,
    ...(options.docString ? { docString: options.docString } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
    graph: {
      name: options.name ?? model.name,
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [valueInfo(ONNX_INPUT, tokens ? 'int32' : 'float32', input.shape)],
      outputs: [valueInfo(ONNX_OUTPUT, 'float32', output.shape)],
    },
  };
}

/**
 * Exports a tfjs model (as made by `buildCnn`, `buildRnn` — FusedLstm, LSTM or GRU, bi- or
 * unidirectional — or `buildMlp`) as ONNX bytes. Image input stays NHWC `[batch, h, w, c]`
 * float32; token input is int32 `[batch, length]`; the output is what `model.predict` returns.
 *
 * @example
 * ```ts
 * const bytes = exportOnnx(model);
 * const session = await loadOnnxModel(bytes);
 * const probabilities = await session.predict(x);
 * ```
 */
export function exportOnnx(model: tf.LayersModel, options: OnnxExportOptions = {}): Uint8Array {
  return encodeModel(toOnnxModel(model, options));
}

/** Writes {@link exportOnnx}'s bytes to `file`. */
export async function saveOnnx(
  model: tf.LayersModel,
  file: string,
  options: OnnxExportOptions = {},
): Promise<void> {
  const bytes = exportOnnx(model, options);
  await writeFile(file, bytes).catch((e: Error) => {
    throw new KiteError('IO', `cannot write the ONNX model to ${file}: ${e.message}`, { cause: e });
  });
}
