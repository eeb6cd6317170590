/**
 * The training graph under construction: Kite's ONNX {@link GraphBuilder} plus what reverse-mode
 * differentiation needs — trainable parameters as graph inputs (in tfjs's layout, so weights go
 * back to the model without reordering), per-step random inputs (dropout masks), the sequence
 * mask, and small helpers for the operators every layer's gradient uses.
 */
import type * as tf from '@tensorflow/tfjs';
import { KiteError } from '../../core/index.js';
import { GraphBuilder } from '../onnx/graph-builder.js';
import { attr } from '../onnx/onnx-proto.js';

/** How a value is laid out: images NCHW, sequences time-major [T, B, F], or [B, F]. */
export type TrainLayout = 'nchw' | 'tbf' | 'flat';

/** A value in the forward graph and its static shape. */
export interface TrainValue {
  name: string;
  shape: number[];
  layout: TrainLayout;
  /** Sequences only: true when padding steps (mask 0) may follow the real ones. */
  masked?: boolean;
}

/** Given the gradient of a layer's output, emits the gradient nodes; returns the input's gradient. */
export type Backward = (dy: string, needInputGrad: boolean) => string | undefined;

/** A trainable weight: a graph input holding the tfjs variable's value. */
export interface TrainParam {
  /** Graph input name. */
  name: string;
  shape: number[];
  variable: tf.LayerVariable;
  /** Gradient value name, set by the backward pass. */
  grad?: string;
  /** L2 factor from the layer's regulariser (loss += l2·Σw², gradient += 2·l2·w). */
  l2?: number;
}

/**
 * A non-trainable weight the step updates itself (batch norm's moving mean and variance):
 * a graph input, and `output` its new value.
 */
export interface TrainBuffer {
  name: string;
  shape: number[];
  variable: tf.LayerVariable;
  output: string;
}

/** A random input drawn fresh for every step (a dropout mask, already scaled by 1/(1-rate)). */
export interface TrainNoise {
  name: string;
  shape: number[];
  rate: number;
}

export class TrainGraph extends GraphBuilder {
  readonly params: TrainParam[] = [];
  readonly noise: TrainNoise[] = [];
  readonly buffers: TrainBuffer[] = [];
  /** Extra graph inputs other than parameters and noise (data, labels, sequence mask). */
  readonly dataInputs: { name: string; type: 'float32' | 'int32'; shape: number[] }[] = [];
  /** Sequence mask [T, B, 1] (1 for real tokens) and lengths [B], when the input is tokens. */
  sequence?: { mask: string; lengths: string };
  private scalars = new Map<number, string>();

  constructor(readonly batch: number) {
    super();
  }

  /** A float32 scalar constant (shared). */
  scalar(value: number): string {
    let name = this.scalars.get(value);
    if (!name) {
      name = this.floats(`c_${String(value).replace(/[^0-9a-z]/gi, '_')}`, [], [value]);
      this.scalars.set(value, name);
    }
    return name;
  }

  /** Registers a weight of `layer` as a graph input. */
  param(variable: tf.LayerVariable, l2?: number): TrainParam {
    const p: TrainParam = {
      name: this.reserve(`param_${this.params.length}`),
      shape: [...variable.shape] as number[],
      variable,
      ...(l2 ? { l2 } : {}),
    };
    this.params.push(p);
    return p;
  }

  /** Registers a non-trainable weight as a graph input; `update(name)` gives its new value. */
  buffer(variable: tf.LayerVariable, update: (name: string) => string): TrainBuffer {
    const name = this.reserve(`buffer_${this.buffers.length}`);
    const b: TrainBuffer = { name, shape: [...variable.shape] as number[], variable, output: update(name) };
    this.buffers.push(b);
    return b;
  }

  /** Mean over `axes` (kept, for broadcasting). */
  mean(x: string, axes: number[], base = 'mean'): string {
    return this.op('ReduceMean', [x], base, { axes: attr.ints(axes), keepdims: attr.int(1) });
  }

  /** A dropout mask input of `shape` for `rate`. */
  dropoutMask(shape: number[], rate: number): string {
    const n: TrainNoise = { name: this.reserve(`noise_${this.noise.length}`), shape, rate };
    this.noise.push(n);
    return n.name;
  }

  /** A data input (images, token ids, labels). */
  input(name: string, type: 'float32' | 'int32', shape: number[]): string {
    this.dataInputs.push({ name: this.reserve(name), type, shape });
    return name;
  }

  /** Adds `grad` to the gradient of `p` (parameters may be read more than once). */
  addGrad(p: TrainParam, grad: string): void {
    p.grad = p.grad ? this.op('Add', [p.grad, grad], `${p.name}_grad`) : grad;
  }

  transpose(x: string, perm: number[], base = 'transpose'): string {
    return this.op('Transpose', [x], base, { perm: attr.ints(perm) });
  }

  reshape(x: string, shape: number[], base = 'reshape'): string {
    return this.op('Reshape', [x, this.int64s(`${base}_shape`, shape)], base);
  }

  /** Σ over `axes` (dropped). */
  sum(x: string, axes: number[], base = 'sum', keepdims = false): string {
    return this.op('ReduceSum', [x, this.int64s(`${base}_axes`, axes)], base, {
      keepdims: attr.int(keepdims ? 1 : 0),
    });
  }

  /** Slices of `x` along `axis`, one per entry of `sizes`. */
  split(x: string, axis: number, sizes: number[], base = 'split'): string[] {
    return this.ops('Split', [x, this.int64s(`${base}_sizes`, sizes)], sizes.length, base, {
      axis: attr.int(axis),
    });
  }

  concat(xs: string[], axis: number, base = 'concat'): string {
    return xs.length === 1 ? xs[0]! : this.op('Concat', xs, base, { axis: attr.int(axis) });
  }

  /** zeros of a static shape. */
  zeros(shape: number[], base = 'zeros'): string {
    return this.op('ConstantOfShape', [this.int64s(`${base}_shape`, shape)], base, {
      value: attr.tensor('float32', [1], [0]),
    });
  }

  /**
   * dy · relu'(y), from the relu's output y ≥ 0: sign(y) is relu' (0 at 0, as tfjs). Two
   * elementwise kernels; `Where` with a broadcast scalar was 2× slower in ONNX Runtime.
   */
  reluGrad(y: string, dy: string, base = 'relu_grad'): string {
    return this.op('Mul', [dy, this.op('Sign', [y], `${base}_sign`)], base);
  }
}

/** The error for a layer or setting the ONNX trainer does not handle. */
export function notTrainable(layer: { name: string }, what: string): KiteError {
  return new KiteError('UNSUPPORTED', `ONNX training: layer '${layer.name}': ${what}`, {
    hint: "train with engine 'tfjs' (the default), or use a model made by buildCnn / buildRnn / buildMlp",
  });
}
