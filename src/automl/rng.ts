/**
 * A small seeded random generator (sfc32 seeded through splitmix32) so that every algorithm
 * is deterministic given `random_state`. Not cryptographic.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
  /** A new independent generator derived from this one. */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a generator. The same seed always gives the same sequence; without a seed one is
 * drawn from `Math.random` (Katib's services behave the same without `random_state`).
 *
 * @example
 * ```ts
 * const r = createRng(42);
 * r.next(); // same value on every run
 * ```
 */
export function createRng(seed?: number): Rng {
  const s = seed ?? Math.floor(Math.random() * 2 ** 32);
  const sm = splitmix32(Math.floor(s) ^ Math.floor(s / 2 ** 32));
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  let spare: number | undefined;
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();
  const rng: Rng = {
    next: () => (u32() * 2 ** 21 + (u32() >>> 11)) / 2 ** 53,
    int: (n) => Math.floor(rng.next() * n),
    normal: () => {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = rng.next();
      const v = rng.next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRng(u32() * 2 ** 20 + (u32() >>> 12)),
  };
  return rng;
}
