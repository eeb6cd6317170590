/**
 * A small deterministic random number generator (mulberry32 for uniforms, Box–Muller for
 * normals). shap relies on numpy's global RNG; Kite's explainers take a `seed` instead so that
 * every sampled result is reproducible.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  random(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal. */
  normal(): number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** An index drawn with probabilities `p` (which must sum to 1). */
  choice(p: ArrayLike<number>): number;
}

/**
 * Creates a seeded generator.
 *
 * @example
 * ```ts
 * const rng = createRng(42);
 * rng.shuffle([0, 1, 2, 3]);
 * ```
 */
export function createRng(seed = 0): Rng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  let spare: number | undefined;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    random,
    int: (n) => Math.floor(random() * n),
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      let u = 0;
      while (u === 0) u = random();
      const v = random();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const tmp = items[i] as T;
        items[i] = items[j] as T;
        items[j] = tmp;
      }
      return items;
    },
    choice(p) {
      const u = random();
      let acc = 0;
      for (let i = 0; i < p.length; i++) {
        acc += p[i] as number;
        if (u < acc) return i;
      }
      return p.length - 1;
    },
  };
}
