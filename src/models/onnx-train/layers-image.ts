/**
 * Forward and gradient graphs for the image and dense layers: Conv2D, batch norm, Activation,
 * Flatten, Dense and dropout. Images run NCHW inside the graph (ONNX's layout); weights stay in
 * tfjs's layout as graph inputs and are transposed in the graph.
 *
 * Gradients (Y = conv(X, W), stride s):
 * - dX = ConvTranspose(dY, W) with the forward padding and stride (the adjoint of the
 *   convolution), output_padding for rows a strided window never reached;
 * - dW = conv(Xᵀ, dYᵀ) with batch and channels swapped (X as [Ci, N, H, W], dY as
 *   [Co, N, H', W'] used as the kernel, dilated by s) gives [Ci, Co, KH, KW].
 * Pooling is in `layers-pool.ts`.
 */
import type * as tf from '@tensorflow/tfjs';
import { attr } from '../onnx/onnx-proto.js';
import { type Backward, notTrainable, type TrainGraph, type TrainValue } from './graph.js';

/** What a layer converter gets and gives. */
export interface LayerStep {
  y: TrainValue;
  backward?: Backward;
}
export type TrainConverter = (g: TrainGraph, layer: tf.layers.Layer, x: TrainValue) => LayerStep;

type Config = Record<string, unknown>;
/** A Keras size setting (a number or a pair) as a pair. */
export const pair = (v: unknown): [number, number] =>
  Array.isArray(v) ? [v[0] as number, (v[1] ?? v[0]) as number] : [v as number, v as number];

/** l2 of a Keras L1L2 regulariser config (l1 is refused). */
export function l2Of(layer: tf.layers.Layer, key: string): number | undefined {
  const reg = (layer.getConfig() as Config)[key] as { config?: { l1?: number; l2?: number } } | null;
  if (!reg) return undefined;
  if (reg.config?.l1) throw notTrainable(layer, 'an L1 regulariser is not supported');
  return reg.config?.l2 || undefined;
}

/** Activation forward; returns the output and its gradient function (from the output). */
function activate(
  g: TrainGraph,
  layer: tf.layers.Layer,
  y: string,
  activation: string,
): { out: string; grad: (dOut: string) => string } {
  switch (activation) {
    case 'linear':
      return { out: y, grad: (d) => d };
    case 'relu': {
      const out = g.op('Relu', [y], `${layer.name}/relu`);
      return { out, grad: (d) => g.reluGrad(out, d, `${layer.name}/relu_grad`) };
    }
    case 'tanh': {
      const out = g.op('Tanh', [y], `${layer.name}/tanh`);
      return {
        out,
        grad: (d) => {
          const sq = g.op('Mul', [out, out], `${layer.name}/tanh_sq`);
          return g.op(
            'Mul',
            [d, g.op('Sub', [g.scalar(1), sq], `${layer.name}/tanh_d`)],
            `${layer.name}/tanh_grad`,
          );
        },
      };
    }
    case 'sigmoid': {
      const out = g.op('Sigmoid', [y], `${layer.name}/sigmoid`);
      return {
        out,
        grad: (d) => {
          const s = g.op(
            'Mul',
            [out, g.op('Sub', [g.scalar(1), out], `${layer.name}/sig_1m`)],
            `${layer.name}/sig_d`,
          );
          return g.op('Mul', [d, s], `${layer.name}/sigmoid_grad`);
        },
      };
    }
    case 'elu': {
      const out = g.op('Elu', [y], `${layer.name}/elu`);
      return {
        out,
        grad: (d) => {
          // tfjs's EluGrad: dy where y ≥ 0, dy·(y + 1) below.
          const below = g.op(
            'Mul',
            [d, g.op('Add', [out, g.scalar(1)], `${layer.name}/elu_1p`)],
            `${layer.name}/elu_neg`,
          );
          return g.op(
            'Where',
            [g.op('Less', [out, g.scalar(0)], `${layer.name}/elu_lt`), below, d],
            `${layer.name}/elu_grad`,
          );
        },
      };
    }
    default:
      throw notTrainable(
        layer,
        `activation '${activation}' is not supported (relu, elu, tanh, sigmoid, linear)`,
      );
  }
}

/** TF's output size and padding [top, left, bottom, right] for one axis pair ('same' puts the odd pixel last). */
function convGeometry(
  size: number,
  k: number,
  stride: number,
  same: boolean,
): { out: number; before: number; after: number } {
  if (!same) return { out: Math.floor((size - k) / stride) + 1, before: 0, after: 0 };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + k - size, 0);
  return { out, before: total >> 1, after: total - (total >> 1) };
}

export const conv2d: TrainConverter = (g, layer, x) => {
  const c = layer.getConfig() as Config;
  const [kh, kw] = pair(c.kernelSize);
  const [sh, sw] = pair(c.strides ?? 1);
  if (pair(c.dilationRate ?? 1).some((d) => d !== 1))
    throw notTrainable(layer, 'dilated convolutions are not supported');
  if (c.dataFormat === 'channelsFirst') throw notTrainable(layer, 'channelsFirst is not supported');
  if (x.layout !== 'nchw') throw notTrainable(layer, 'Conv2D must read an image');
  const [n, , h, w] = x.shape as [number, number, number, number];
  const co = c.filters as number;
  const same = c.padding === 'same';
  const rows = convGeometry(h, kh, sh, same);
  const cols = convGeometry(w, kw, sw, same);
  const [oh, ow] = [rows.out, cols.out];
  const pads = [rows.before, cols.before, rows.after, cols.after];
  const vars = layer.trainableWeights;
  const kernel = g.param(vars[0]!, l2Of(layer, 'kernelRegularizer'));
  const bias = c.useBias ? g.param(vars[1]!) : undefined;
  const wOnnx = g.transpose(kernel.name, [3, 2, 0, 1], `${layer.name}/w`); // [kh,kw,ci,co] → [co,ci,kh,kw]
  const convAttrs = {
    kernel_shape: attr.ints([kh, kw]),
    pads: attr.ints(pads),
    strides: attr.ints([sh, sw]),
  };
  const yLin = g.op(
    'Conv',
    bias ? [x.name, wOnnx, bias.name] : [x.name, wOnnx],
    `${layer.name}/conv`,
    convAttrs,
  );
  const act = activate(g, layer, yLin, (c.activation as string) ?? 'linear');
  return {
    y: { name: act.out, shape: [n, co, oh, ow], layout: 'nchw' },
    backward: (dOut, needInputGrad) => {
      const dy = act.grad(dOut);
      if (bias) g.addGrad(bias, g.sum(dy, [0, 2, 3], `${layer.name}/db`));
      // dW[co,ci,i,j] = Σ dY[n,co,p,q]·X[n,ci,p·s+i,q·s+j]: a convolution of X (channels as
      // batch) with dY (batch as channels) dilated by the stride; rows and columns past the
      // kernel (inputs no output reached) are cut off.
      const xt = g.transpose(x.name, [1, 0, 2, 3], `${layer.name}/xt`);
      const dyt = g.transpose(dy, [1, 0, 2, 3], `${layer.name}/dyt`);
      let dwt = g.op('Conv', [xt, dyt], `${layer.name}/dw_conv`, {
        kernel_shape: attr.ints([oh, ow]),
        pads: attr.ints(pads),
        dilations: attr.ints([sh, sw]),
      }); // [ci, co, ≥kh, ≥kw]
      const [fullH, fullW] = [
        h + pads[0]! + pads[2]! - (oh - 1) * sh,
        w + pads[1]! + pads[3]! - (ow - 1) * sw,
      ];
      if (fullH !== kh || fullW !== kw)
        dwt = g.op(
          'Slice',
          [
            dwt,
            g.int64s(`${layer.name}/dw_start`, [0, 0]),
            g.int64s(`${layer.name}/dw_end`, [kh, kw]),
            g.int64s(`${layer.name}/dw_axes`, [2, 3]),
          ],
          `${layer.name}/dw_cut`,
        );
      g.addGrad(kernel, g.transpose(dwt, [2, 3, 0, 1], `${layer.name}/dw`));
      if (!needInputGrad) return undefined;
      // ConvTranspose gives (oh − 1)·s + k − pads rows; output_padding adds the rows a strided
      // window never reached.
      const extra = [
        h - ((oh - 1) * sh + kh - pads[0]! - pads[2]!),
        w - ((ow - 1) * sw + kw - pads[1]! - pads[3]!),
      ];
      return g.op('ConvTranspose', [dy, wOnnx], `${layer.name}/dx`, {
        ...convAttrs,
        ...(extra.some((e) => e !== 0) ? { output_padding: attr.ints(extra) } : {}),
      });
    },
  };
};

/**
 * BatchNormalization in training mode, as tfjs-layers: batch mean and (biased) variance over
 * every axis but the channels, y = γ·(x − μ)·(σ² + ε)^−½ + β, moving statistics
 * m ← m − (m − batch value)·(1 − momentum). Gradient through μ and σ² too:
 * dx = (σ² + ε)^−½ · (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dx̂ = dy·γ.
 */
export const batchNorm: TrainConverter = (g, layer, x) => {
  const c = layer.getConfig() as Config;
  const axis = c.axis as number;
  const rank = x.shape.length;
  if ((axis !== -1 && axis !== rank - 1) || (x.layout !== 'nchw' && x.layout !== 'flat'))
    throw notTrainable(layer, 'only batch norm over the last (channel) axis is supported');
  const channels = x.shape[1]!;
  const reduce = x.layout === 'nchw' ? [0, 2, 3] : [0];
  const bshape = x.layout === 'nchw' ? [1, channels, 1, 1] : [1, channels];
  const l = layer.name;
  const byName = (suffix: string) => {
    const w = [...layer.trainableWeights, ...layer.nonTrainableWeights].find((v) => v.name.endsWith(suffix));
    return w;
  };
  const gammaVar = c.scale ? byName('gamma') : undefined;
  const betaVar = c.center ? byName('beta') : undefined;
  const gamma = gammaVar ? g.param(gammaVar) : undefined;
  const beta = betaVar ? g.param(betaVar) : undefined;
  const mean = g.mean(x.name, reduce, `${l}/mean`);
  const xc = g.op('Sub', [x.name, mean], `${l}/xc`);
  const variance = g.mean(g.op('Mul', [xc, xc], `${l}/xc2`), reduce, `${l}/var`);
  const inv = g.op(
    'Reciprocal',
    [g.op('Sqrt', [g.op('Add', [variance, g.scalar(c.epsilon as number)], `${l}/var_eps`)], `${l}/std`)],
    `${l}/inv`,
  );
  const xhat = g.op('Mul', [xc, inv], `${l}/xhat`);
  const gammaB = gamma ? g.reshape(gamma.name, bshape, `${l}/gamma_b`) : undefined;
  let y = gammaB ? g.op('Mul', [xhat, gammaB], `${l}/scaled`) : xhat;
  if (beta) y = g.op('Add', [y, g.reshape(beta.name, bshape, `${l}/beta_b`)], `${l}/y`);
  const decay = g.scalar(1 - (c.momentum as number));
  for (const [suffix, stat] of [
    ['moving_mean', mean],
    ['moving_variance', variance],
  ] as const) {
    const v = byName(suffix);
    if (!v) throw notTrainable(layer, `no ${suffix} weight`);
    g.buffer(v, (name) => {
      const delta = g.op(
        'Mul',
        [
          g.op('Sub', [name, g.reshape(stat, [channels], `${l}/${suffix}_batch`)], `${l}/${suffix}_diff`),
          decay,
        ],
        `${l}/${suffix}_delta`,
      );
      return g.op('Sub', [name, delta], `${l}/${suffix}_new`);
    });
  }
  return {
    y: { ...x, name: y },
    backward: (dy) => {
      if (beta) g.addGrad(beta, g.sum(dy, reduce, `${l}/dbeta`));
      if (gamma) g.addGrad(gamma, g.sum(g.op('Mul', [dy, xhat], `${l}/dy_xhat`), reduce, `${l}/dgamma`));
      const dxhat = gammaB ? g.op('Mul', [dy, gammaB], `${l}/dxhat`) : dy;
      const m1 = g.mean(dxhat, reduce, `${l}/m1`);
      const m2 = g.mean(g.op('Mul', [dxhat, xhat], `${l}/dxhat_xhat`), reduce, `${l}/m2`);
      const inner = g.op(
        'Sub',
        [g.op('Sub', [dxhat, m1], `${l}/d1`), g.op('Mul', [xhat, m2], `${l}/xhat_m2`)],
        `${l}/d2`,
      );
      return g.op('Mul', [inner, inv], `${l}/dx`);
    },
  };
};

export const activationLayer: TrainConverter = (g, layer, x) => {
  const act = activate(g, layer, x.name, (layer.getConfig() as Config).activation as string);
  return { y: { ...x, name: act.out }, backward: (dy) => act.grad(dy) };
};

export const flatten: TrainConverter = (g, layer, x) => {
  if (x.layout !== 'nchw') return { y: { ...x, layout: 'flat' }, backward: (dy) => dy };
  const [n, ch, h, w] = x.shape as [number, number, number, number];
  // tfjs flattens NHWC: transpose back before reshaping so Dense weights keep their order.
  const nhwc = g.transpose(x.name, [0, 2, 3, 1], `${layer.name}/nhwc`);
  const y = g.reshape(nhwc, [n, h * w * ch], `${layer.name}/flat`);
  return {
    y: { name: y, shape: [n, h * w * ch], layout: 'flat' },
    backward: (dy) =>
      g.transpose(g.reshape(dy, [n, h, w, ch], `${layer.name}/unflat`), [0, 3, 1, 2], `${layer.name}/nchw`),
  };
};

/**
 * Dense (on [B, F]). With `softmax` the activation is left to the loss (the returned value is
 * the logits; {@link buildTrainGraph} pairs it with the cross-entropy).
 */
export const dense: TrainConverter = (g, layer, x) => {
  const c = layer.getConfig() as Config;
  if (x.layout !== 'flat' || x.shape.length !== 2)
    throw notTrainable(layer, 'Dense must read a [batch, features] value');
  const units = c.units as number;
  const vars = layer.trainableWeights;
  const kernel = g.param(vars[0]!, l2Of(layer, 'kernelRegularizer'));
  const bias = c.useBias ? g.param(vars[1]!) : undefined;
  const yLin = g.op(
    'Gemm',
    bias ? [x.name, kernel.name, bias.name] : [x.name, kernel.name],
    `${layer.name}/gemm`,
  );
  const activation = (c.activation as string) ?? 'linear';
  const act =
    activation === 'softmax' ? { out: yLin, grad: (d: string) => d } : activate(g, layer, yLin, activation);
  return {
    y: { name: act.out, shape: [x.shape[0]!, units], layout: 'flat' },
    backward: (dOut, needInputGrad) => {
      const dy = act.grad(dOut);
      g.addGrad(kernel, g.op('Gemm', [x.name, dy], `${layer.name}/dw`, { transA: attr.int(1) }));
      if (bias) g.addGrad(bias, g.sum(dy, [0], `${layer.name}/db`));
      return needInputGrad
        ? g.op('Gemm', [dy, kernel.name], `${layer.name}/dx`, { transB: attr.int(1) })
        : undefined;
    },
  };
};

/** Keras Dropout and Kite's StepDropout: a per-step mask input (scaled), the same in both passes. */
export const dropout: TrainConverter = (g, layer, x) => {
  const c = layer.getConfig() as Config;
  const rate = c.rate as number;
  if (!rate) return { y: x, backward: (dy) => dy };
  const noise = (c.noise as string | undefined) ?? 'element';
  if (c.noiseShape) throw notTrainable(layer, 'noiseShape is not supported');
  let shape = x.shape;
  if (x.layout === 'tbf' && noise === 'channel') shape = [1, x.shape[1]!, x.shape[2]!];
  else if (x.layout === 'tbf' && noise === 'step') shape = [x.shape[0]!, x.shape[1]!, 1];
  const mask = g.dropoutMask(shape, rate);
  const y = g.op('Mul', [x.name, mask], `${layer.name}/dropout`);
  return { y: { ...x, name: y }, backward: (dy) => g.op('Mul', [dy, mask], `${layer.name}/dropout_grad`) };
};
