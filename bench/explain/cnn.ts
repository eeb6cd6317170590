/**
 * A small CNN in plain TypeScript for the explain benchmarks (no TensorFlow.js needed):
 * conv 3×3×8 → ReLU → max-pool 2 → conv 3×3×16 → ReLU → max-pool 2 → dense 10, with seeded
 * random weights. Input: rows of 28·28 grey values in [0, 1].
 */
import { createRng } from '../../src/explain/rng.js';

export interface Cnn {
  forward(batch: { rows: number; cols: number; data: Float64Array | Float32Array }): Float64Array;
  macsPerImage: number;
}

export function smallCnn(seed = 0): Cnn {
  const rng = createRng(seed);
  const init = (n: number, fanIn: number) =>
    Float64Array.from({ length: n }, () => rng.normal() * Math.sqrt(2 / fanIn));
  const w1 = init(8 * 9, 9);
  const w2 = init(16 * 8 * 9, 72);
  const w3 = init(10 * 5 * 5 * 16, 400);
  const c1 = new Float64Array(26 * 26 * 8);
  const p1 = new Float64Array(13 * 13 * 8);
  const c2 = new Float64Array(11 * 11 * 16);
  const p2 = new Float64Array(5 * 5 * 16);
  const forwardOne = (x: Float64Array | Float32Array, off: number, out: Float64Array, o: number) => {
    for (let r = 0; r < 26; r++)
      for (let c = 0; c < 26; c++)
        for (let k = 0; k < 8; k++) {
          let s = 0;
          for (let dr = 0; dr < 3; dr++)
            for (let dc = 0; dc < 3; dc++)
              s += (x[off + (r + dr) * 28 + c + dc] as number) * (w1[k * 9 + dr * 3 + dc] as number);
          c1[(r * 26 + c) * 8 + k] = Math.max(s, 0);
        }
    for (let r = 0; r < 13; r++)
      for (let c = 0; c < 13; c++)
        for (let k = 0; k < 8; k++) {
          let m = 0;
          for (let dr = 0; dr < 2; dr++)
            for (let dc = 0; dc < 2; dc++)
              m = Math.max(m, c1[((2 * r + dr) * 26 + 2 * c + dc) * 8 + k] as number);
          p1[(r * 13 + c) * 8 + k] = m;
        }
    for (let r = 0; r < 11; r++)
      for (let c = 0; c < 11; c++)
        for (let k = 0; k < 16; k++) {
          let s = 0;
          for (let dr = 0; dr < 3; dr++)
            for (let dc = 0; dc < 3; dc++)
              for (let z = 0; z < 8; z++)
                s +=
                  (p1[((r + dr) * 13 + c + dc) * 8 + z] as number) *
                  (w2[((k * 3 + dr) * 3 + dc) * 8 + z] as number);
          c2[(r * 11 + c) * 16 + k] = Math.max(s, 0);
        }
    for (let r = 0; r < 5; r++)
      for (let c = 0; c < 5; c++)
        for (let k = 0; k < 16; k++) {
          let m = 0;
          for (let dr = 0; dr < 2; dr++)
            for (let dc = 0; dc < 2; dc++)
              m = Math.max(m, c2[((2 * r + dr) * 11 + 2 * c + dc) * 16 + k] as number);
          p2[(r * 5 + c) * 16 + k] = m;
        }
    for (let k = 0; k < 10; k++) {
      let s = 0;
      for (let i = 0; i < 400; i++) s += (p2[i] as number) * (w3[k * 400 + i] as number);
      out[o + k] = s;
    }
  };
  return {
    forward(batch) {
      const out = new Float64Array(batch.rows * 10);
      for (let i = 0; i < batch.rows; i++) forwardOne(batch.data, i * batch.cols, out, i * 10);
      return out;
    },
    macsPerImage: 26 * 26 * 8 * 9 + 11 * 11 * 16 * 72 + 4000,
  };
}
