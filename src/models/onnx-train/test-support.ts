/**
 * What the ONNX trainer's tests share: whether onnxruntime-node loads (tests needing it are
 * skipped, and say so, when it does not), a token batch with padding in every position, and a
 * small image classifier around given layers.
 */
import * as tf from '@tensorflow/tfjs';
import { loadOnnxRuntime, ONNXRUNTIME_INSTALL } from '../onnx/runtime.js';

export const ortAvailable = await loadOnnxRuntime().then(
  () => true,
  () => false,
);
export const skipNote = ortAvailable
  ? ''
  : ` (SKIPPED: onnxruntime-node is not installed; ${ONNXRUNTIME_INSTALL})`;

/** Five rows of 7 token ids (0 = padding) and their labels (3 classes). */
export const tokens = tf.tensor2d(
  [
    [3, 4, 5, 6, 7, 8, 9],
    [3, 4, 5, 0, 0, 0, 0], // post padding
    [0, 0, 11, 12, 13, 0, 0], // padding on both sides
    [0, 14, 0, 15, 0, 16, 1], // padding between tokens
    [0, 0, 0, 0, 0, 0, 0], // nothing but padding
  ],
  [5, 7],
  'int32',
);
export const tokenLabels = tf.tensor1d([0, 1, 2, 1, 0]);

/** `layers`, then Flatten and a seeded 2-class softmax; Adam 1e-2, sparse cross-entropy. */
export function classifier(layers: tf.layers.Layer[]): tf.LayersModel {
  const m = tf.sequential({ layers });
  m.add(tf.layers.flatten());
  m.add(
    tf.layers.dense({
      units: 2,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  m.compile({ optimizer: tf.train.adam(1e-2), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}
