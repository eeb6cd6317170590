/**
 * ONNX nodes for Kite's feed-forward Keras layers: Conv2D, MaxPooling2D, AveragePooling2D,
 * BatchNormalization (inference form, folded into a per-channel scale and shift), Activation,
 * Dropout (identity at inference), Flatten, Dense; the shared types and helpers of the
 * converters (Embedding: `convert-embedding.ts`).
 *
 * tfjs is channels-last (NHWC); ONNX Conv and pooling are channels-first (NCHW). The image is
 * transposed once on entering the convolutional part and back before anything that is not
 * layout-aware (Flatten, Dense), so Dense weights keep tfjs's NHWC flattening order.
 */
import type * as tf from '@tensorflow/tfjs';
import { KiteError } from '../../core/index.js';
import type { GraphBuilder } from './graph-builder.js';
import { attr } from './onnx-proto.js';

/**
 * How a value's axes are laid out: `flat` [B, F], `nhwc` / `nchw` images, `btf` / `tbf`
 * batch-major / time-major sequences.
 */
export type Layout = 'flat' | 'nhwc' | 'nchw' | 'btf' | 'tbf';

/** A tensor flowing between layers, with what later layers need to know about it. */
export interface Value {
  name: string;
  layout: Layout;
  /**
   * Set after an Embedding with `maskZero`: the tokens were compacted (real tokens first, in
   * order), `lens` holds each row's token count clamped to ≥ 1 (int32 [B]), and `live` is 1 for
   * rows with at least one token, else 0 (float [B, 1]); `counts` is the unclamped count
   * (int32 [B]) and `steps` the sequence length T.
   */
  mask?: { lens: string; live: string; counts: string; steps: number };
}

/** Context of one layer's conversion. */
export interface LayerContext {
  g: GraphBuilder;
  layer: tf.layers.Layer;
  config: Record<string, unknown>;
  /** The layer's weights in tfjs's order, read once. */
  weights: { shape: number[]; data: Float32Array }[];
}

/** The layer's input shape (tfjs order, batch first as null). */
export function inputShape(layer: tf.layers.Layer): (number | null)[] {
  return (layer.input as tf.SymbolicTensor).shape;
}

export function unsupported(ctx: Pick<LayerContext, 'layer'>, what: string): KiteError {
  return new KiteError(
    'UNSUPPORTED',
    `ONNX export: layer '${ctx.layer.name}' (${ctx.layer.getClassName()}): ${what}`,
    {
      hint: 'export models made by buildCnn, buildRnn or buildMlp, or change the layer to a supported setting',
    },
  );
}

/** Transposes to the layout that tfjs itself uses (NHWC images, batch-major sequences). */
export function toTfLayout(g: GraphBuilder, v: Value, base: string): Value {
  if (v.layout === 'nchw')
    return {
      name: g.op('Transpose', [v.name], `${base}/to_nhwc`, { perm: attr.ints([0, 2, 3, 1]) }),
      layout: 'nhwc',
    };
  if (v.layout === 'tbf')
    return {
      name: g.op('Transpose', [v.name], `${base}/to_batch_major`, { perm: attr.ints([1, 0, 2]) }),
      layout: 'btf',
      ...(v.mask ? { mask: v.mask } : {}),
    };
  return v;
}

function toNchw(g: GraphBuilder, v: Value, base: string): Value {
  if (v.layout === 'nchw') return v;
  if (v.layout !== 'nhwc')
    throw new KiteError('INTERNAL', `${base}: expected an image, got layout ${v.layout}`);
  return {
    name: g.op('Transpose', [v.name], `${base}/to_nchw`, { perm: attr.ints([0, 3, 1, 2]) }),
    layout: 'nchw',
  };
}

/** Applies a Keras activation by name; `axis` is the feature axis (for softmax). */
export function activation(ctx: LayerContext, x: string, name: unknown, axis: number): string {
  const { g } = ctx;
  const base = ctx.layer.name;
  switch (name) {
    case undefined:
    case null:
    case 'linear':
      return x;
    case 'relu':
      return g.op('Relu', [x], `${base}/relu`);
    case 'sigmoid':
      return g.op('Sigmoid', [x], `${base}/sigmoid`);
    case 'tanh':
      return g.op('Tanh', [x], `${base}/tanh`);
    case 'softmax':
      return g.op('Softmax', [x], `${base}/softmax`, { axis: attr.int(axis) });
    case 'elu':
      return g.op('Elu', [x], `${base}/elu`, { alpha: attr.float(1) });
    case 'selu':
      return g.op('Selu', [x], `${base}/selu`);
    case 'softplus':
      return g.op('Softplus', [x], `${base}/softplus`);
    case 'softsign':
      return g.op('Softsign', [x], `${base}/softsign`);
    case 'relu6':
      return g.op(
        'Clip',
        [x, g.floats(`${base}/zero`, [], [0]), g.floats(`${base}/six`, [], [6])],
        `${base}/relu6`,
      );
    case 'hardSigmoid':
      // Keras: clip(0.2x + 0.5, 0, 1), ONNX HardSigmoid's defaults.
      return g.op('HardSigmoid', [x], `${base}/hard_sigmoid`, {
        alpha: attr.float(0.2),
        beta: attr.float(0.5),
      });
    default:
      throw unsupported(ctx, `activation '${String(name)}' has no ONNX mapping here`);
  }
}

function pair(v: unknown): [number, number] {
  return Array.isArray(v) ? [v[0] as number, (v[1] ?? v[0]) as number] : [v as number, v as number];
}

/** ONNX `pads` [top, left, bottom, right] for TF's 'same' (extra padding at the end) or 'valid'. */
function pads(
  ctx: LayerContext,
  kernel: [number, number],
  strides: [number, number],
  dilation: [number, number],
) {
  const padding = ctx.config.padding;
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding !== 'same') throw unsupported(ctx, `padding '${String(padding)}'`);
  const shape = inputShape(ctx.layer);
  const begin: number[] = [];
  const end: number[] = [];
  for (let a = 0; a < 2; a++) {
    const size = shape[1 + a];
    if (typeof size !== 'number') throw unsupported(ctx, "'same' padding needs a fixed input size");
    const out = Math.ceil(size / strides[a]!);
    const total = Math.max((out - 1) * strides[a]! + (kernel[a]! - 1) * dilation[a]! + 1 - size, 0);
    begin.push(Math.floor(total / 2));
    end.push(total - Math.floor(total / 2));
  }
  return [...begin, ...end];
}

function checkChannelsLast(ctx: LayerContext): void {
  const f = ctx.config.dataFormat;
  if (f !== undefined && f !== 'channelsLast') throw unsupported(ctx, `dataFormat '${String(f)}'`);
}

/** tfjs kernel [kh, kw, in, out] → ONNX W [out, in, kh, kw]. */
function convWeights(shape: number[], data: Float32Array): Float32Array {
  const [kh, kw, ci, co] = shape as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++)
          out[((o * ci + i) * kh + y) * kw + x] = data[((y * kw + x) * ci + i) * co + o]!;
  return out;
}

export function conv2d(ctx: LayerContext, v: Value): Value {
  checkChannelsLast(ctx);
  const { g, layer, config } = ctx;
  const x = toNchw(g, v, layer.name);
  const kernel = pair(config.kernelSize);
  const strides = pair(config.strides ?? 1);
  const dilation = pair(config.dilationRate ?? 1);
  const [k, b] = ctx.weights;
  const w = g.floats(
    `${layer.name}/kernel`,
    [k!.shape[3]!, k!.shape[2]!, kernel[0], kernel[1]],
    convWeights(k!.shape, k!.data),
  );
  const inputs = [x.name, w];
  if (config.useBias !== false && b) inputs.push(g.floats(`${layer.name}/bias`, b.shape, b.data));
  const y = g.op('Conv', inputs, `${layer.name}/conv`, {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(strides),
    dilations: attr.ints(dilation),
    pads: attr.ints(pads(ctx, kernel, strides, dilation)),
  });
  return { name: activation(ctx, y, config.activation, 1), layout: 'nchw' };
}

export function pool2d(ctx: LayerContext, v: Value, op: 'MaxPool' | 'AveragePool'): Value {
  checkChannelsLast(ctx);
  const { g, layer, config } = ctx;
  const x = toNchw(g, v, layer.name);
  const kernel = pair(config.poolSize ?? 2);
  const strides = pair(config.strides ?? kernel);
  const attributes = {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(strides),
    pads: attr.ints(pads(ctx, kernel, strides, [1, 1])),
    // TF's average pooling divides by the number of real (unpadded) pixels.
    ...(op === 'AveragePool' ? { count_include_pad: attr.int(0) } : {}),
  };
  return { name: g.op(op, [x.name], `${layer.name}/pool`, attributes), layout: 'nchw' };
}

/** Inference batch norm, y = x·s + t with s = γ/√(σ² + ε), t = β − μ·s, on the channel axis. */
export function batchNorm(ctx: LayerContext, v: Value): Value {
  const { g, layer, config } = ctx;
  const axis = config.axis ?? -1;
  if (axis !== -1 && axis !== inputShape(layer).length - 1)
    throw unsupported(ctx, `normalising axis ${String(axis)} (only the last, channel axis)`);
  const ws = [...ctx.weights];
  const gamma = config.scale !== false ? ws.shift()!.data : undefined;
  const beta = config.center !== false ? ws.shift()!.data : undefined;
  const [mean, variance] = [ws[0]!.data, ws[1]!.data];
  const eps = (config.epsilon as number | undefined) ?? 1e-3;
  const c = mean.length;
  const s = new Float32Array(c);
  const t = new Float32Array(c);
  for (let j = 0; j < c; j++) {
    const sj = (gamma?.[j] ?? 1) / Math.sqrt(variance[j]! + eps);
    s[j] = sj;
    t[j] = (beta?.[j] ?? 0) - mean[j]! * sj;
  }
  // In NCHW the channel axis is 1: broadcast as [C, 1, 1]; else the last axis.
  const dims = v.layout === 'nchw' ? [c, 1, 1] : [c];
  const scaled = g.op('Mul', [v.name, g.floats(`${layer.name}/scale`, dims, s)], `${layer.name}/scaled`);
  return {
    ...v,
    name: g.op('Add', [scaled, g.floats(`${layer.name}/shift`, dims, t)], `${layer.name}/shifted`),
  };
}

export function activationLayer(ctx: LayerContext, v: Value): Value {
  const axis = v.layout === 'nchw' ? 1 : -1;
  return { ...v, name: activation(ctx, v.name, ctx.config.activation, axis) };
}

export function flatten(ctx: LayerContext, v: Value): Value {
  if (v.mask) throw unsupported(ctx, 'flattening a masked sequence (the mask would be lost)');
  const x = toTfLayout(ctx.g, v, ctx.layer.name);
  return {
    name: ctx.g.op('Flatten', [x.name], `${ctx.layer.name}/flatten`, { axis: attr.int(1) }),
    layout: 'flat',
  };
}

export function dense(ctx: LayerContext, v: Value): Value {
  if (v.mask) throw unsupported(ctx, 'a Dense layer on a masked sequence');
  const { g, layer, config } = ctx;
  const x = toTfLayout(g, v, layer.name);
  const [k, b] = ctx.weights;
  const w = g.floats(`${layer.name}/kernel`, k!.shape, k!.data);
  const bias = config.useBias !== false && b ? g.floats(`${layer.name}/bias`, b.shape, b.data) : undefined;
  let y: string;
  if (x.layout === 'flat') y = g.op('Gemm', bias ? [x.name, w, bias] : [x.name, w], `${layer.name}/gemm`);
  else {
    y = g.op('MatMul', [x.name, w], `${layer.name}/matmul`);
    if (bias) y = g.op('Add', [y, bias], `${layer.name}/bias_add`);
  }
  return { name: activation(ctx, y, config.activation, -1), layout: x.layout };
}
