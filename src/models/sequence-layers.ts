/**
 * Layers for the RNN text classifier ({@link buildRnn}): pooling over a masked sequence and a
 * dropout whose mask changes every training step.
 *
 * Why a dropout of Kite's own: tfjs's `tf.layers.dropout({ seed })` (and `tf.dropout(x, rate,
 * noiseShape, seed)`) builds a new random generator from the same seed on every call, so a
 * seeded tfjs dropout drops the SAME units at every training step (checked in
 * `sequence-layers.test.ts`): a fixed pruning per batch slot, not dropout. {@link StepDropout}
 * derives each step's seed from its own seed and a step counter, so masks differ from step to
 * step and a run is still reproducible.
 */
import * as tf from '@tensorflow/tfjs';

/** How a sequence of states becomes one vector: see {@link MaskedPooling}. */
export const SEQUENCE_POOLINGS = ['last', 'max', 'mean'] as const;
export type SequencePooling = (typeof SEQUENCE_POOLINGS)[number];

export interface MaskedPoolingArgs {
  /** `'max'` (the InferSent encoder: max over time of each feature) or `'mean'`. */
  mode: 'max' | 'mean';
  name?: string;
}

/**
 * Pools `[batch, time, features]` over time, skipping masked steps (padding, token id 0), into
 * `[batch, features]`. A row with no unmasked step pools to zeros. Saved models refer to it by
 * class name `KiteMaskedPooling`.
 *
 * @example
 * ```ts
 * model.add(new FusedLstm({ units: 64, bidirectional: true, returnSequences: true }));
 * model.add(new MaskedPooling({ mode: 'max' }));
 * ```
 */
export class MaskedPooling extends tf.layers.Layer {
  static className = 'KiteMaskedPooling';
  readonly mode: 'max' | 'mean';

  constructor(args: MaskedPoolingArgs) {
    super(args as unknown as tf.serialization.ConfigDict);
    this.mode = args.mode;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0]!, shape[2]!];
  }

  override computeMask(): tf.Tensor | tf.Tensor[] {
    return null as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const given = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      const [b, t] = x.shape;
      const m = given ? given.toFloat().reshape([b, t, 1]) : tf.ones([b, t, 1]);
      const count = m.sum(1); // [b, 1]
      if (this.mode === 'mean') return x.mul(m).sum(1).div(count.maximum(1));
      // Masked steps get a large negative offset, so they never win the max.
      const pooled = x.add(m.sub(1).mul(1e9)).max(1);
      return pooled.mul(count.minimum(1)); // all-masked rows: 0, not -1e9
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

export type DropoutNoise = 'element' | 'channel' | 'step';

export interface StepDropoutArgs {
  rate: number;
  /**
   * On `[batch, time, channels]`: `'element'` (ordinary dropout), `'channel'` (Keras's
   * SpatialDropout1D: a channel is dropped at every time step of a sequence) or `'step'` (a
   * whole time step, e.g. a word's embedding, is zeroed: word dropout).
   */
  noise?: DropoutNoise;
  seed?: number;
  name?: string;
}

/**
 * Dropout (inverted: kept values scaled by `1 / (1 − rate)`) with a fresh, seeded mask at each
 * training step; the identity at inference. Passes the input mask through. Saved models refer
 * to it by class name `KiteStepDropout`.
 */
export class StepDropout extends tf.layers.Layer {
  static className = 'KiteStepDropout';
  readonly rate: number;
  readonly noise: DropoutNoise;
  readonly seed: number;
  private step = 0;

  constructor(args: StepDropoutArgs) {
    super(args as unknown as tf.serialization.ConfigDict);
    this.rate = args.rate;
    this.noise = args.noise ?? 'element';
    this.seed = args.seed ?? 0;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
      if (!kwargs.training || this.rate === 0) return x.clone();
      const [b, t, c] = x.shape;
      const shape =
        x.rank !== 3 || this.noise === 'element' ? x.shape : this.noise === 'channel' ? [b, 1, c] : [b, t, 1];
      return tf.dropout(x, this.rate, shape as number[], `${this.seed}:${this.step++}`);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, noise: this.noise, seed: this.seed };
  }
}

tf.serialization.registerClass(MaskedPooling);
tf.serialization.registerClass(StepDropout);
