/**
 * Reference implementations by definition (slow, for tests and audits): Shapley values and Owen
 * values of a coalition game `v(S)` given as a function of a boolean mask.
 */

/** A cooperative game: the value of the coalition whose members are 1 in `mask`. */
export type Game = (mask: Uint8Array) => number;

function factorials(n: number): number[] {
  const f = [1];
  for (let i = 1; i <= n; i++) f.push((f[i - 1] as number) * i);
  return f;
}

/**
 * Shapley values by the textbook sum over all coalitions: φ_i = Σ_{S ⊆ N∖i} |S|!(M−|S|−1)!/M! ·
 * (v(S ∪ i) − v(S)).
 */
export function bruteForceShapley(M: number, v: Game): number[] {
  const f = factorials(M);
  const values = new Array<number>(M).fill(0);
  const cache = new Map<number, number>();
  const val = (bits: number) => {
    let r = cache.get(bits);
    if (r === undefined) {
      const m = new Uint8Array(M);
      for (let j = 0; j < M; j++) m[j] = (bits >> j) & 1;
      r = v(m);
      cache.set(bits, r);
    }
    return r;
  };
  for (let bits = 0; bits < 2 ** M; bits++) {
    let s = 0;
    for (let j = 0; j < M; j++) s += (bits >> j) & 1;
    const w = ((f[s] as number) * (f[M - s - 1] as number)) / (f[M] as number);
    for (let i = 0; i < M; i++) {
      if ((bits >> i) & 1) continue;
      values[i] = (values[i] as number) + w * (val(bits | (1 << i)) - val(bits));
    }
  }
  return values;
}

/**
 * Owen values for a two-level-per-node binary hierarchy given as a linkage (children of node
 * `M + k` are `linkage[k][0..1]`): the average marginal contribution over all orders that keep
 * every cluster contiguous (each order of a binary tree's siblings equally likely).
 */
export function bruteForceOwen(M: number, linkage: readonly (readonly number[])[], v: Game): number[] {
  const orders: number[][] = [];
  const expand = (node: number): number[][] => {
    if (node < M) return [[node]];
    const [l, r] = linkage[node - M] as [number, number];
    const L = expand(l);
    const R = expand(r);
    const out: number[][] = [];
    for (const a of L) for (const b of R) out.push([...a, ...b], [...b, ...a]);
    return out;
  };
  orders.push(...expand(2 * M - 2));
  const values = new Array<number>(M).fill(0);
  for (const order of orders) {
    const m = new Uint8Array(M);
    let prev = v(m);
    for (const i of order) {
      m[i] = 1;
      const cur = v(m);
      values[i] = (values[i] as number) + (cur - prev) / orders.length;
      prev = cur;
    }
  }
  return values;
}

/** Largest absolute element-wise difference (∞ when lengths differ). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}
