/**
 * The coalition sampling plan of shap's KernelExplainer (`_kernel.py::explain`): Shapley kernel
 * weights per subset size, complete enumeration of the small sizes (each subset followed by its
 * complement) while the budget allows, then weighted random sizes with de-duplication, and a
 * final rescale so the random part carries the weight of the sizes it stands for.
 */
import type { Rng } from './rng.js';

/** The coalitions to evaluate and their kernel weights. */
export interface KernelPlan {
  /** Number of features in the game. */
  M: number;
  /** Number of coalitions. */
  count: number;
  /** `count × M` masks. */
  masks: Uint8Array;
  weights: Float64Array;
  /** Coalitions from complete enumeration (the rest are random). */
  enumerated: number;
  /** Subset sizes enumerated completely (counting from size 1). */
  fullSizes: number;
  /** `nsamples / max_samples`, used by `l1_reg: 'auto'`. */
  fractionEvaluated: number;
}

/** `C(n, k)` as a float. */
export function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r < 2 ** 52 ? Math.round(r) : r;
}

/** shap's default budget: `2M + 2048`, clamped to `2^M − 2` when M ≤ 30. */
export function resolveNsamples(
  M: number,
  nsamples: number | 'auto' | undefined,
): { nsamples: number; maxSamples: number } {
  let n = nsamples === undefined || nsamples === 'auto' ? 2 * M + 2048 : nsamples;
  let maxSamples = 2 ** 30;
  if (M <= 30) {
    maxSamples = 2 ** M - 2;
    if (n > maxSamples) n = maxSamples;
  }
  return { nsamples: n, maxSamples };
}

/** Shapley kernel mass per subset size 1..ceil((M−1)/2), paired sizes doubled, normalised. */
export function kernelSizeWeights(M: number): Float64Array {
  const numSizes = Math.ceil((M - 1) / 2);
  const numPaired = Math.floor((M - 1) / 2);
  const w = new Float64Array(numSizes);
  for (let s = 1; s <= numSizes; s++) w[s - 1] = ((M - 1) / (s * (M - s))) * (s <= numPaired ? 2 : 1);
  const total = w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < numSizes; i++) w[i] = (w[i] as number) / total;
  return w;
}

/**
 * Builds the plan for `M` features and `nsamples` coalitions (M ≥ 2).
 *
 * @example
 * ```ts
 * const plan = kernelPlan(4, 14, createRng(0)); // all 14 coalitions, weights 1/11 and 1/22
 * ```
 */
export function kernelPlan(M: number, nsamples: number, maxSamples: number, rng: Rng): KernelPlan {
  const numSizes = Math.ceil((M - 1) / 2);
  const numPaired = Math.floor((M - 1) / 2);
  const weightVector = kernelSizeWeights(M);
  const masks = new Uint8Array(nsamples * M);
  const weights = new Float64Array(nsamples);
  let count = 0;
  const add = (mask: Uint8Array, w: number) => {
    masks.set(mask, count * M);
    weights[count] = w;
    count++;
  };
  let fullSizes = 0;
  let left = nsamples;
  const remaining = Float64Array.from(weightVector);
  const mask = new Uint8Array(M);
  for (let s = 1; s <= numSizes; s++) {
    let nsubsets = binom(M, s);
    if (s <= numPaired) nsubsets *= 2;
    if ((left * (remaining[s - 1] as number)) / nsubsets < 1 - 1e-8) break;
    fullSizes++;
    left -= nsubsets;
    const rs = remaining[s - 1] as number;
    if (rs < 1) for (let i = 0; i < remaining.length; i++) remaining[i] = (remaining[i] as number) / (1 - rs);
    let w = (weightVector[s - 1] as number) / binom(M, s);
    if (s <= numPaired) w /= 2;
    forEachCombination(M, s, (inds) => {
      mask.fill(0);
      for (const i of inds) mask[i] = 1;
      add(mask, w);
      if (s <= numPaired) {
        for (let i = 0; i < M; i++) mask[i] = 1 - (mask[i] as number);
        add(mask, w);
      }
    });
  }
  const enumerated = count;
  let samplesLeft = nsamples - count;
  if (fullSizes !== numSizes && samplesLeft > 0) {
    const rest = Float64Array.from(weightVector);
    for (let i = 0; i < numPaired; i++) rest[i] = (rest[i] as number) / 2;
    const p = rest.slice(fullSizes);
    const total = p.reduce((a, b) => a + b, 0);
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / total;
    const used = new Map<string, number>();
    const perm = Array.from({ length: M }, (_, i) => i);
    const draws = 4 * samplesLeft;
    for (let draw = 0; draw < draws && samplesLeft > 0; draw++) {
      const size = rng.choice(p) + fullSizes + 1;
      rng.shuffle(perm);
      mask.fill(0);
      for (let i = 0; i < size; i++) mask[perm[i] as number] = 1;
      const key = mask.join('');
      const seen = used.get(key);
      if (seen === undefined) {
        used.set(key, count);
        samplesLeft--;
        add(mask, 1);
      } else {
        weights[seen] = (weights[seen] as number) + 1;
      }
      if (samplesLeft > 0 && size <= numPaired) {
        for (let i = 0; i < M; i++) mask[i] = 1 - (mask[i] as number);
        if (seen === undefined) {
          samplesLeft--;
          add(mask, 1);
        } else {
          weights[seen + 1] = (weights[seen + 1] as number) + 1;
        }
      }
    }
    const weightLeft = weightVector.slice(fullSizes).reduce((a, b) => a + b, 0);
    let randomTotal = 0;
    for (let i = enumerated; i < count; i++) randomTotal += weights[i] as number;
    for (let i = enumerated; i < count; i++) weights[i] = ((weights[i] as number) * weightLeft) / randomTotal;
  }
  return {
    M,
    count,
    masks: masks.subarray(0, count * M),
    weights: weights.subarray(0, count),
    enumerated,
    fullSizes,
    fractionEvaluated: nsamples / maxSamples,
  };
}

/** Calls `fn` with every k-subset of 0..n−1 in lexicographic order (itertools.combinations). */
export function forEachCombination(n: number, k: number, fn: (inds: readonly number[]) => void): void {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  for (;;) {
    fn(idx);
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i] = (idx[i] as number) + 1;
    for (let j = i + 1; j < k; j++) idx[j] = (idx[j - 1] as number) + 1;
  }
}
