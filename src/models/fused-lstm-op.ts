/**
 * The differentiable op behind `FusedLstm` (`fused-lstm.ts`): one LSTM direction over a whole sequence
 * (`tf.customGrad`), its time loop in plain JS on typed arrays with the per-step products and
 * activations as direct XNNPACK calls (`step-matmul.ts`). Keras's maths and weight layout.
 */
import * as tf from '@tensorflow/tfjs';
import { createStepMatMul, createStepSigmoid } from './step-matmul.js';

/**
 * Runs `fn` and reads its result. Never `tf.tidy(() => t.dataSync())`: tidy walks a returned
 * typed array element by element, which costs more than the whole LSTM step.
 */
function read(fn: () => tf.Tensor): Float32Array {
  const t = tf.tidy(fn);
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}

export interface Direction {
  reverse: boolean;
}

/** [B, T, E] → [T, B, E] with time in the direction's processing order. */
function processingOrder(x: tf.Tensor3D, dir: Direction): tf.Tensor3D {
  const timeMajor = x.transpose([1, 0, 2]) as tf.Tensor3D;
  return dir.reverse ? timeMajor.reverse(0) : timeMajor;
}

/** The inverse of {@link processingOrder}. */
function batchMajor(x: tf.Tensor3D, dir: Direction): tf.Tensor3D {
  return (dir.reverse ? x.reverse(0) : x).transpose([1, 0, 2]) as tf.Tensor3D;
}

/**
 * One direction over the sequence. x: [B, T, E], wx: [E, 4H], wh: [H, 4H], b: [4H],
 * mask: [B, T] (1 = real token). Returns h for every step ([B, T, H], aligned with the input)
 * or the last processed step ([B, H]).
 */
export function lstmDirection(dir: Direction, returnSequences: boolean) {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, wx, wh, b, mask, save] = args as [
      tf.Tensor3D,
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor1D,
      tf.Tensor2D,
      tf.GradSaveFunc,
    ];
    // Tensors the gradient needs must be saved: the caller may dispose them before backprop.
    save([x, wx, wh, mask]);
    const [B, T, E] = x.shape;
    const H = wh.shape[0]!;
    const G = 4 * H;
    // All four gates go through one vectorised wasm sigmoid per step: tanh(z) = 2·σ(2z) − 1, so
    // the candidate gate's pre-activations are doubled (columns 2H..3H of xw and of wh). JS's
    // Math.exp / Math.tanh per gate were most of the layer's time.
    const gateScale = tf.tidy(() => tf.concat([tf.ones([2 * H]), tf.fill([H], 2), tf.ones([H])]));
    // Input term for every step at once, rows in processing order (s, b): step s's block is
    // then one contiguous slice, read in place.
    const xw = read(() =>
      tf
        .matMul(processingOrder(x, dir).reshape([T * B, E]), wx)
        .add(b)
        .mul(gateScale),
    );
    const whScaled = tf.mul(wh, gateScale) as tf.Tensor2D;
    gateScale.dispose();
    const m = mask.dataSync();
    // Saved per processing step s (time t = order[s]): h before, c before, gate activations,
    // tanh(c after).
    const hPrev = new Float32Array(T * B * H);
    const cPrev = new Float32Array(T * B * H);
    const acts = new Float32Array(T * B * G);
    const tanhC = new Float32Array(T * B * H);
    const order = Array.from({ length: T }, (_, s) => (dir.reverse ? T - 1 - s : s));
    // h and c: this step's state is read from hPrev/cPrev (saved for the backward pass anyway)
    // and written to the next step's slot, so no per-step arrays are allocated.
    const h = new Float32Array(B * H);
    const c = new Float32Array(B * H);
    const out = returnSequences ? new Float32Array(B * T * H) : undefined;
    const recurrent = createStepMatMul(whScaled, B);
    const squash = createStepSigmoid(B * H);
    const BH = B * H;
    for (let s = 0; s < T; s++) {
      const t = order[s]!;
      hPrev.set(h, s * BH);
      cPrev.set(c, s * BH);
      recurrent.input().set(h);
      const a = recurrent.multiplyAddSigmoid(xw.subarray(s * B * G, (s + 1) * B * G));
      // Pass 1: the new cell state; its tanh goes through one wasm sigmoid (tanh(c) = 2σ(2c) − 1).
      const twoC = squash.input();
      const ao0 = s * B * G;
      for (let bi = 0; bi < B; bi++) {
        const live = m[bi * T + t]! !== 0;
        const ab = bi * G;
        const ao = ao0 + ab;
        const rb = bi * H;
        if (!live) {
          for (let k = 0; k < H; k++) twoC[rb + k] = 0;
          continue;
        }
        for (let k = 0; k < H; k++) {
          const gi = a[ab + k]!;
          const gf = a[ab + H + k]!;
          const gc = 2 * a[ab + 2 * H + k]! - 1;
          acts[ao + k] = gi;
          acts[ao + H + k] = gf;
          acts[ao + 2 * H + k] = gc;
          acts[ao + 3 * H + k] = a[ab + 3 * H + k]!;
          const cc = gf * c[rb + k]! + gi * gc;
          c[rb + k] = cc;
          twoC[rb + k] = 2 * cc;
        }
      }
      const sig = squash.run();
      // Pass 2: the new hidden state (masked rows keep theirs: h and c are updated in place).
      for (let bi = 0; bi < B; bi++) {
        if (m[bi * T + t]! === 0) continue;
        const ao = ao0 + bi * G + 3 * H;
        const rb = bi * H;
        const tb = s * BH + rb;
        for (let k = 0; k < H; k++) {
          const tc = 2 * sig[rb + k]! - 1;
          tanhC[tb + k] = tc;
          h[rb + k] = acts[ao + k]! * tc;
        }
      }
      if (out) {
        for (let bi = 0; bi < B; bi++) {
          const to = (bi * T + t) * H;
          const from = bi * H;
          for (let k = 0; k < H; k++) out[to + k] = h[from + k]!;
        }
      }
    }
    recurrent.dispose();
    squash.dispose();
    whScaled.dispose();
    const value = out ? tf.tensor3d(out, [B, T, H]) : tf.tensor2d(h, [B, H]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, swx, swh, smask] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const g = dy.dataSync();
      const dZsteps = new Float32Array(T * B * G); // rows in processing order (s, b)
      const dh = new Float32Array(B * H);
      const dc = new Float32Array(B * H);
      const dBias = new Float64Array(G);
      // Transposed once: a per-step matMul(dz, wh, false, true) would transpose wh T times, and
      // wasm caches its packed matmul weights only for a tensor it has seen before.
      const whT = swh.transpose() as tf.Tensor2D;
      const recurrentT = createStepMatMul(whT, B);
      const BH = B * H;
      for (let s = T - 1; s >= 0; s--) {
        const t = order[s]!;
        if (returnSequences) {
          for (let bi = 0; bi < B; bi++) {
            const from = (bi * T + t) * H;
            const to = bi * H;
            for (let k = 0; k < H; k++) dh[to + k]! += g[from + k]!;
          }
        } else if (s === T - 1) {
          for (let r = 0; r < BH; r++) dh[r]! += g[r]!;
        }
        const zs = s * B * G;
        // dc is updated in place: a masked row carries it through the step unchanged.
        for (let bi = 0; bi < B; bi++) {
          const zb = zs + bi * G;
          if (m[bi * T + t]! === 0) {
            for (let j = 0; j < G; j++) dZsteps[zb + j] = 0;
            continue;
          }
          const rb = bi * H;
          const tb = s * BH + rb;
          for (let k = 0; k < H; k++) {
            const gi = acts[zb + k]!;
            const gf = acts[zb + H + k]!;
            const gc = acts[zb + 2 * H + k]!;
            const go = acts[zb + 3 * H + k]!;
            const tc = tanhC[tb + k]!;
            const dhk = dh[rb + k]!;
            const dcc = dc[rb + k]! + dhk * go * (1 - tc * tc);
            dZsteps[zb + k] = dcc * gc * gi * (1 - gi);
            dZsteps[zb + H + k] = dcc * cPrev[tb + k]! * gf * (1 - gf);
            dZsteps[zb + 2 * H + k] = dcc * gi * (1 - gc * gc);
            dZsteps[zb + 3 * H + k] = dhk * tc * go * (1 - go);
            dc[rb + k] = dcc * gf;
          }
          for (let j = 0; j < G; j++) dBias[j]! += dZsteps[zb + j]!;
        }
        recurrentT.input().set(dZsteps.subarray(zs, zs + B * G));
        const dhPrev = recurrentT.multiply();
        for (let bi = 0; bi < B; bi++) {
          if (m[bi * T + t]! === 0) continue;
          const rb = bi * H;
          for (let k = 0; k < H; k++) dh[rb + k] = dhPrev[rb + k]!;
        }
      }
      recurrentT.dispose();
      whT.dispose();
      return tf.tidy(() => {
        // Every product pairs rows in processing order; dx goes back to [B, T, E] at the end.
        const dz2 = tf.tensor2d(dZsteps, [T * B, G]);
        const x2 = processingOrder(sx, dir).reshape([T * B, E]);
        const dx = batchMajor(tf.matMul(dz2, swx, false, true).reshape([T, B, E]), dir);
        // Weight gradients as (dZᵀ·X)ᵀ rather than Xᵀ·dZ: wasm (XNNPACK) packs the right-hand
        // operand afresh for every new tensor, and packing the [B·T, 4H] gradient cost more than
        // the product itself (measured: 20 ms vs 8 ms for a [64×6400]·[6400×256] product).
        const dWx = tf.matMul(dz2, x2, true, false).transpose();
        // Summed in the loop above: a Sum kernel would re-read (and wasm's matmul form re-pack) dZ.
        const dB = tf.tensor1d(Float32Array.from(dBias));
        const dWh = tf.matMul(dz2, tf.tensor2d(hPrev, [T * B, H]), true, false).transpose();
        return [dx, dWx, dWh, dB, tf.zerosLike(smask)];
      });
    };
    return { value: value as tf.Tensor, gradFunc };
  });
}
