/**
 * A fused LSTM layer: the whole sequence is one differentiable operation (`tf.customGrad`)
 * whose time loop runs in plain JS on typed arrays, with one matrix product per step for the
 * recurrent term and a handful of large products for everything else. tfjs's own LSTM issues
 * about 150 small kernels per time step (17,000 per batch for a bi-LSTM over 56 tokens), and on
 * WASM that overhead, not arithmetic, is the cost.
 *
 * Same maths and weight layout as `tf.layers.lstm` (Keras: gates i, f, c, o; sigmoid recurrent
 * activation; masked steps carry the state), so weights are interchangeable; bidirectional runs
 * both directions inside the layer and concatenates, as `tf.layers.bidirectional` does.
 */
import * as tf from '@tensorflow/tfjs';
import { lstmDirection } from './fused-lstm-op.js';

export interface FusedLstmArgs {
  units: number;
  bidirectional?: boolean;
  returnSequences?: boolean;
  seed?: number;
  inputShape?: number[];
  name?: string;
}

/**
 * `tf.layers.lstm` (optionally wrapped in `bidirectional`), fused. Saved models refer to it by
 * class name `KiteFusedLstm`; importing this module registers it for loading.
 *
 * @example
 * ```ts
 * model.add(new FusedLstm({ units: 64, bidirectional: true }));
 * ```
 */
export class FusedLstm extends tf.layers.Layer {
  static className = 'KiteFusedLstm';
  readonly units: number;
  readonly bidirectional: boolean;
  readonly returnSequences: boolean;
  readonly seed: number;
  private cells: { kernel: tf.LayerVariable; recurrent: tf.LayerVariable; bias: tf.LayerVariable }[] = [];

  constructor(args: FusedLstmArgs) {
    super(args as unknown as tf.serialization.ConfigDict);
    this.units = args.units;
    this.bidirectional = args.bidirectional ?? false;
    this.returnSequences = args.returnSequences ?? false;
    this.seed = args.seed ?? 0;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const e = shape[shape.length - 1]!;
    const h = this.units;
    const dirs = this.bidirectional ? ['forward', 'backward'] : ['forward'];
    this.cells = dirs.map((d, i) => ({
      kernel: this.addWeight(
        `${d}_kernel`,
        [e, 4 * h],
        'float32',
        tf.initializers.glorotUniform({ seed: this.seed + 3 * i }),
      ),
      recurrent: this.addWeight(
        `${d}_recurrent_kernel`,
        [h, 4 * h],
        'float32',
        tf.initializers.orthogonal({ seed: this.seed + 3 * i + 1 }),
      ),
      bias: this.addWeight(
        `${d}_bias`,
        [4 * h],
        'float32',
        // Keras's unit_forget_bias: forget gate bias 1, the others 0.
        tf.initializers.constant({ value: 0 }),
      ),
    }));
    for (const cell of this.cells) {
      const bias = new Float32Array(4 * h);
      bias.fill(1, h, 2 * h);
      cell.bias.write(tf.tensor1d(bias));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const width = this.units * (this.bidirectional ? 2 : 1);
    return this.returnSequences ? [shape[0]!, shape[1]!, width] : [shape[0]!, width];
  }

  override computeMask(
    _inputs: tf.Tensor | tf.Tensor[],
    mask?: tf.Tensor | tf.Tensor[],
  ): tf.Tensor | tf.Tensor[] {
    return (this.returnSequences ? mask : null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const given = Array.isArray(kwargs.mask) ? kwargs.mask[0] : kwargs.mask;
      const mask = given ? given.toFloat() : tf.ones([x.shape[0], x.shape[1]]);
      const outs = this.cells.map((cell, i) =>
        lstmDirection({ reverse: i === 1 }, this.returnSequences)(
          x,
          cell.kernel.read(),
          cell.recurrent.read(),
          cell.bias.read(),
          mask,
        ),
      );
      return outs.length === 1 ? outs[0]! : tf.concat(outs, -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      bidirectional: this.bidirectional,
      returnSequences: this.returnSequences,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(FusedLstm);
