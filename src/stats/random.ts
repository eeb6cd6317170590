/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through splitmix32) so that
 * bootstrap resamples, shuffles and splits are the same on every machine for the same seed.
 * Not for cryptography.
 */

/** A seeded source of uniform numbers. */
export interface Rng {
  /** Uniform in [0, 1) with 32 random bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * Creates a generator from an integer seed (any safe integer; equal seeds give equal streams).
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * rng.int(10); // same value on every run
 * ```
 */
export function createRng(seed: number): Rng {
  let x = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
  const splitmix = (): number => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = [splitmix(), splitmix(), splitmix(), splitmix()] as [number, number, number, number];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  return {
    next: () => nextU32() / 2 ** 32,
    int: (n) => {
      // Rejection sampling: no modulo bias.
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const u = nextU32();
        if (u < limit) return u % n;
      }
    },
  };
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

/** Fisher–Yates shuffle of a copy of `items`, driven by `rng`. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = out[i]!;
    out[i] = out[j]!;
    out[j] = tmp;
  }
  return out;
}
