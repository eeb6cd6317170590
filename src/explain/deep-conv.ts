/**
 * Convolutional layers for {@link DeepExplainer} (`deep.ts`): Conv2D, max and average pooling
 * (also global average pooling), and batch normalisation in its inference form. Tensors are flat
 * Float64 arrays in TensorFlow's NHWC order without the batch axis.
 *
 * Conv2D, average pooling and batch normalisation are linear, so DeepLIFT's multipliers pass
 * through them as gradients do. Max pooling uses shap's rule (`deep_tf.py`, `maxpool`): with
 * x_out and r_out the pooled maxima of the explained and the reference input and
 * c = max(x_out, r_out), the output multiplier m goes to x's arg-max position weighted by
 * (c − r_out) and to r's arg-max position weighted by (x_out − c); each input position's
 * multiplier is the sum divided by its own Δin (0 where |Δin| < 1e-7). Summation-to-delta holds:
 * Σ m_in Δin = Σ m (x_out − r_out).
 */
import { KiteError } from '../core/index.js';

/** Spatial geometry of a window op (TensorFlow's SAME/VALID padding). */
export interface Window {
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
}

export type ConvLayer =
  | (Window & {
      kind: 'conv2d';
      outC: number;
      /** kh × kw × inC × outC (Keras layout). */
      kernel: Float64Array;
      bias: Float64Array;
    })
  | (Window & { kind: 'pool2d'; op: 'max' | 'avg' })
  | { kind: 'scale'; channels: number; scale: Float64Array; shift: Float64Array };

/** The window geometry of TensorFlow's padding modes. */
export function windowOf(
  input: readonly [number, number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  padding: string,
): Window {
  const [inH, inW, inC] = input;
  const [kh, kw] = kernel;
  const [sh, sw] = strides;
  if (padding === 'same') {
    const outH = Math.ceil(inH / sh);
    const outW = Math.ceil(inW / sw);
    const padH = Math.max((outH - 1) * sh + kh - inH, 0);
    const padW = Math.max((outW - 1) * sw + kw - inW, 0);
    return {
      inH,
      inW,
      inC,
      outH,
      outW,
      kh,
      kw,
      sh,
      sw,
      padTop: Math.floor(padH / 2),
      padLeft: Math.floor(padW / 2),
    };
  }
  const outH = Math.ceil((inH - kh + 1) / sh);
  const outW = Math.ceil((inW - kw + 1) / sw);
  return { inH, inW, inC, outH, outW, kh, kw, sh, sw, padTop: 0, padLeft: 0 };
}

/** Output size of a conv layer (number of values). */
export function convOutputSize(layer: ConvLayer): number {
  if (layer.kind === 'scale') return Number.NaN;
  return layer.outH * layer.outW * (layer.kind === 'conv2d' ? layer.outC : layer.inC);
}

/** Calls `f(outIndexBase, inIndexBase, i, j)` for every in-bounds (output pixel, tap) pair. */
function eachTap(w: Window, f: (outPixel: number, inPixel: number, tap: number) => void): void {
  for (let y = 0; y < w.outH; y++)
    for (let x = 0; x < w.outW; x++) {
      const outPixel = y * w.outW + x;
      for (let i = 0; i < w.kh; i++) {
        const yy = y * w.sh - w.padTop + i;
        if (yy < 0 || yy >= w.inH) continue;
        for (let j = 0; j < w.kw; j++) {
          const xx = x * w.sw - w.padLeft + j;
          if (xx < 0 || xx >= w.inW) continue;
          f(outPixel, yy * w.inW + xx, i * w.kw + j);
        }
      }
    }
}

/** One conv layer's output. */
export function applyConvLayer(layer: ConvLayer, a: Float64Array): Float64Array {
  if (layer.kind === 'scale') {
    const C = layer.channels;
    return a.map((v, i) => v * (layer.scale[i % C] as number) + (layer.shift[i % C] as number));
  }
  if (layer.kind === 'conv2d') {
    const { inC, outC, kernel } = layer;
    const out = new Float64Array(layer.outH * layer.outW * outC);
    for (let p = 0; p < layer.outH * layer.outW; p++) out.set(layer.bias, p * outC);
    eachTap(layer, (op, ip, tap) => {
      for (let c = 0; c < inC; c++) {
        const v = a[ip * inC + c] as number;
        if (v === 0) continue;
        const kb = (tap * inC + c) * outC;
        const ob = op * outC;
        for (let o = 0; o < outC; o++) out[ob + o] = (out[ob + o] as number) + v * (kernel[kb + o] as number);
      }
    });
    return out;
  }
  const C = layer.inC;
  const n = layer.outH * layer.outW;
  const out = new Float64Array(n * C).fill(layer.op === 'max' ? Number.NEGATIVE_INFINITY : 0);
  const count = new Float64Array(n);
  eachTap(layer, (op, ip) => {
    count[op] = (count[op] as number) + 1;
    for (let c = 0; c < C; c++) {
      const v = a[ip * C + c] as number;
      const k = op * C + c;
      out[k] = layer.op === 'max' ? Math.max(out[k] as number, v) : (out[k] as number) + v;
    }
  });
  if (layer.op === 'avg')
    for (let k = 0; k < out.length; k++) out[k] = (out[k] as number) / (count[Math.floor(k / C)] as number);
  return out;
}

/** Arg-max input index of every output value of a max pool (the first maximum in window order). */
function argMax(layer: Window, a: Float64Array): Int32Array {
  const C = layer.inC;
  const best = new Float64Array(layer.outH * layer.outW * C).fill(Number.NEGATIVE_INFINITY);
  const at = new Int32Array(best.length).fill(-1);
  eachTap(layer, (op, ip) => {
    for (let c = 0; c < C; c++) {
      const v = a[ip * C + c] as number;
      if (v > (best[op * C + c] as number) || at[op * C + c] === -1) {
        best[op * C + c] = v;
        at[op * C + c] = ip * C + c;
      }
    }
  });
  return at;
}

/** Multipliers of a conv layer's input from those of its output (x side `ax`, reference `ar`). */
export function backConvLayer(
  layer: ConvLayer,
  m: Float64Array,
  ax: Float64Array,
  ar: Float64Array,
): Float64Array {
  if (layer.kind === 'scale') return m.map((v, i) => v * (layer.scale[i % layer.channels] as number));
  const inSize = layer.inH * layer.inW * layer.inC;
  const out = new Float64Array(inSize);
  if (layer.kind === 'conv2d') {
    const { inC, outC, kernel } = layer;
    eachTap(layer, (op, ip, tap) => {
      const ob = op * outC;
      for (let c = 0; c < inC; c++) {
        const kb = (tap * inC + c) * outC;
        let s = 0;
        for (let o = 0; o < outC; o++) s += (m[ob + o] as number) * (kernel[kb + o] as number);
        out[ip * inC + c] = (out[ip * inC + c] as number) + s;
      }
    });
    return out;
  }
  const C = layer.inC;
  if (layer.op === 'avg') {
    const count = new Float64Array(layer.outH * layer.outW);
    eachTap(layer, (op) => {
      count[op] = (count[op] as number) + 1;
    });
    eachTap(layer, (op, ip) => {
      for (let c = 0; c < C; c++)
        out[ip * C + c] = (out[ip * C + c] as number) + (m[op * C + c] as number) / (count[op] as number);
    });
    return out;
  }
  const xa = argMax(layer, ax);
  const ra = argMax(layer, ar);
  const routed = new Float64Array(inSize);
  for (let k = 0; k < m.length; k++) {
    const xi = xa[k] as number;
    const ri = ra[k] as number;
    if (xi < 0 || ri < 0) continue;
    const xo = ax[xi] as number;
    const ro = ar[ri] as number;
    const cross = Math.max(xo, ro);
    routed[xi] = (routed[xi] as number) + (m[k] as number) * (cross - ro);
    routed[ri] = (routed[ri] as number) + (m[k] as number) * (xo - cross);
  }
  for (let i = 0; i < inSize; i++) {
    const d = (ax[i] as number) - (ar[i] as number);
    out[i] = Math.abs(d) < 1e-7 ? 0 : (routed[i] as number) / d;
  }
  return out;
}

/** The parts of a TensorFlow.js layer read here. */
interface TfLayer {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): { shape: number[]; dataSync(): ArrayLike<number> }[];
}

const pair = (v: unknown, fallback: number): [number, number] =>
  Array.isArray(v)
    ? [Number(v[0]), Number(v[1] ?? v[0])]
    : v === undefined || v === null
      ? [fallback, fallback]
      : [Number(v), Number(v)];

/**
 * Reads a Conv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D or
 * BatchNormalization layer given the input's [h, w, c]; `undefined` for other classes.
 */
export function readConvLayer(
  layer: TfLayer,
  shape: readonly [number, number, number] | undefined,
): { layer: ConvLayer; shape: [number, number, number] | undefined; activation?: unknown } | undefined {
  const cls = layer.getClassName();
  const where = `layer ${JSON.stringify(layer.name)} (${cls})`;
  const known = [
    'Conv2D',
    'MaxPooling2D',
    'AveragePooling2D',
    'GlobalAveragePooling2D',
    'BatchNormalization',
  ];
  if (!known.includes(cls)) return undefined;
  const config = layer.getConfig();
  if (config.dataFormat === 'channelsFirst')
    throw new KiteError('UNSUPPORTED', `${where}: channelsFirst is not supported by DeepExplainer`);
  if (cls === 'BatchNormalization') {
    const w = layer.getWeights();
    const C = w.at(-1)?.shape[0] ?? 0;
    const vals = w.map((t) => Float64Array.from(t.dataSync()));
    const [mean, variance] = [vals.at(-2), vals.at(-1)] as [Float64Array, Float64Array];
    const useScale = config.scale !== false;
    const useCenter = config.center !== false;
    const gamma = useScale ? (vals[0] as Float64Array) : new Float64Array(C).fill(1);
    const beta = useCenter ? (vals[useScale ? 1 : 0] as Float64Array) : new Float64Array(C);
    const eps = Number(config.epsilon ?? 1e-3);
    const scale = gamma.map((g, c) => g / Math.sqrt((variance[c] as number) + eps));
    const shift = beta.map((b, c) => b - (mean[c] as number) * (scale[c] as number));
    return { layer: { kind: 'scale', channels: C, scale, shift }, shape: shape ? [...shape] : undefined };
  }
  if (!shape)
    throw new KiteError(
      'UNSUPPORTED',
      `${where}: DeepExplainer needs a known [height, width, channels] input`,
    );
  if (cls === 'GlobalAveragePooling2D') {
    const win = windowOf(shape, [shape[0], shape[1]], [1, 1], 'valid');
    return { layer: { ...win, kind: 'pool2d', op: 'avg' }, shape: undefined };
  }
  if (cls === 'Conv2D') {
    const dil = pair(config.dilationRate, 1);
    if (dil[0] !== 1 || dil[1] !== 1)
      throw new KiteError('UNSUPPORTED', `${where}: dilated convolutions are not supported by DeepExplainer`);
    const [kernel, bias] = layer.getWeights();
    const [kh, kw, inC, outC] = (kernel?.shape ?? []) as [number, number, number, number];
    if (inC !== shape[2])
      throw new KiteError(
        'UNSUPPORTED',
        `${where}: takes ${inC} channels but the previous layer gives ${shape[2]}`,
      );
    const win = windowOf(shape, [kh, kw], pair(config.strides, 1), String(config.padding ?? 'valid'));
    return {
      layer: {
        ...win,
        kind: 'conv2d',
        outC,
        kernel: Float64Array.from(kernel?.dataSync() ?? []),
        bias: bias ? Float64Array.from(bias.dataSync()) : new Float64Array(outC),
      },
      shape: [win.outH, win.outW, outC],
      activation: config.activation,
    };
  }
  const pool = pair(config.poolSize, 2);
  const strides = config.strides === undefined || config.strides === null ? pool : pair(config.strides, 1);
  const win = windowOf(shape, pool, strides, String(config.padding ?? 'valid'));
  return {
    layer: { ...win, kind: 'pool2d', op: cls === 'MaxPooling2D' ? 'max' : 'avg' },
    shape: [win.outH, win.outW, shape[2]],
  };
}
