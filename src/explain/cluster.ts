/**
 * Feature hierarchies in scipy linkage format: agglomerative clustering of tabular features
 * (shap's `utils.hclust`, metric "correlation" or "cosine", single/complete/average linkage)
 * and helpers to walk a linkage.
 */
import { KiteError } from '../core/index.js';
import type { Linkage } from './masker.js';
import type { DenseMatrix } from './matrix.js';
import { createRng } from './rng.js';

/** Options of {@link hclust}. */
export interface HclustOptions {
  linkage?: 'single' | 'complete' | 'average';
  metric?: 'correlation' | 'cosine' | 'euclidean';
  /** Seed of the 1e-8 jitter shap adds to break ties. */
  seed?: number;
}

/**
 * Clusters the columns (features) of `X` bottom-up and returns a scipy-style linkage.
 *
 * @example
 * ```ts
 * const tree = hclust({ rows: 3, cols: 2, data: Float64Array.of(1, 2, 2, 4, 3, 7) });
 * ```
 */
export function hclust(X: DenseMatrix, options: HclustOptions = {}): Linkage {
  const { linkage = 'single', metric = 'correlation', seed = 0 } = options;
  const M = X.cols;
  const n = X.rows;
  if (M < 1) throw new KiteError('INVALID_ARGUMENT', 'hclust: data has no features');
  const rng = createRng(seed);
  const cols: Float64Array[] = [];
  for (let j = 0; j < M; j++) {
    const c = new Float64Array(n);
    let sum = 0;
    let cnt = 0;
    for (let i = 0; i < n; i++) {
      const v = X.data[i * M + j] as number;
      if (!Number.isNaN(v)) {
        sum += v;
        cnt++;
      }
    }
    const mean = cnt > 0 ? sum / cnt : 0;
    for (let i = 0; i < n; i++) {
      const v = X.data[i * M + j] as number;
      c[i] = (Number.isNaN(v) ? mean : v) + rng.normal() * 1e-8;
    }
    cols.push(c);
  }
  const dist = new Float64Array(M * M);
  for (let a = 0; a < M; a++) {
    for (let b = a + 1; b < M; b++) {
      const d = distance(cols[a] as Float64Array, cols[b] as Float64Array, metric);
      dist[a * M + b] = d;
      dist[b * M + a] = d;
    }
  }
  return agglomerate(dist, M, linkage);
}

function distance(u: Float64Array, v: Float64Array, metric: 'correlation' | 'cosine' | 'euclidean'): number {
  const n = u.length;
  if (metric === 'euclidean') {
    let s = 0;
    for (let i = 0; i < n; i++) s += ((u[i] as number) - (v[i] as number)) ** 2;
    return Math.sqrt(s);
  }
  let mu = 0;
  let mv = 0;
  if (metric === 'correlation') {
    for (let i = 0; i < n; i++) {
      mu += u[i] as number;
      mv += v[i] as number;
    }
    mu /= n;
    mv /= n;
  }
  let uv = 0;
  let uu = 0;
  let vv = 0;
  for (let i = 0; i < n; i++) {
    const a = (u[i] as number) - mu;
    const b = (v[i] as number) - mv;
    uv += a * b;
    uu += a * a;
    vv += b * b;
  }
  const den = Math.sqrt(uu * vv);
  return den === 0 ? 1 : Math.max(0, 1 - uv / den);
}

/** Naive O(M³) agglomeration over a full distance matrix (features number in the hundreds). */
function agglomerate(dist: Float64Array, M: number, method: 'single' | 'complete' | 'average'): Linkage {
  const active = new Map<number, { id: number; size: number }>();
  for (let i = 0; i < M; i++) active.set(i, { id: i, size: 1 });
  const d = new Map<string, number>();
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  for (let a = 0; a < M; a++) for (let b = a + 1; b < M; b++) d.set(key(a, b), dist[a * M + b] as number);
  const out: [number, number, number, number][] = [];
  for (let step = 0; step < M - 1; step++) {
    let best = Number.POSITIVE_INFINITY;
    let ba = -1;
    let bb = -1;
    const ids = [...active.keys()];
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) {
        const v = d.get(key(ids[x] as number, ids[y] as number)) as number;
        if (v < best) {
          best = v;
          ba = ids[x] as number;
          bb = ids[y] as number;
        }
      }
    }
    const na = active.get(ba) as { size: number };
    const nb = active.get(bb) as { size: number };
    const id = M + step;
    const size = na.size + nb.size;
    out.push([Math.min(ba, bb), Math.max(ba, bb), best, size]);
    active.delete(ba);
    active.delete(bb);
    for (const other of active.keys()) {
      const da = d.get(key(ba, other)) as number;
      const db = d.get(key(bb, other)) as number;
      const v =
        method === 'single'
          ? Math.min(da, db)
          : method === 'complete'
            ? Math.max(da, db)
            : (da * na.size + db * nb.size) / size;
      d.set(key(id, other), v);
    }
    active.set(id, { id, size });
  }
  return out;
}

/** Leaves (feature indices) under every node of a linkage, indexed by node id. */
export function leavesOf(linkage: Linkage, M: number): number[][] {
  const leaves: number[][] = [];
  for (let i = 0; i < M; i++) leaves.push([i]);
  for (const [l, r] of linkage) leaves.push([...(leaves[l] ?? []), ...(leaves[r] ?? [])]);
  return leaves;
}

/**
 * A balanced binary hierarchy over `M` consecutive features (node sizes as scipy stores them),
 * splitting each range at its midpoint; handy for tests and for ordered features.
 */
export function balancedLinkage(M: number): Linkage {
  const rows: [number, number, number, number][] = [];
  const build = (lo: number, hi: number): number => {
    if (hi - lo === 1) return lo;
    const mid = lo + Math.floor((hi - lo) / 2);
    const a = build(lo, mid);
    const b = build(mid, hi);
    rows.push([a, b, hi - lo, hi - lo]);
    return M + rows.length - 1;
  };
  if (M > 1) build(0, M);
  return rows;
}

/** Checks that `linkage` is a valid binary hierarchy over `M` leaves. */
export function checkLinkage(linkage: Linkage, M: number, what = 'clustering'): void {
  if (M > 1 && linkage.length !== M - 1) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `${what}: ${M} features need ${M - 1} merges, got ${linkage.length}`,
    );
  }
  const used = new Set<number>();
  linkage.forEach(([l, r], k) => {
    for (const c of [l, r]) {
      if (!Number.isInteger(c) || c < 0 || c >= M + k || used.has(c)) {
        throw new KiteError(
          'INVALID_ARGUMENT',
          `${what}[${k}]: child ${c} is not a free node below ${M + k}`,
        );
      }
      used.add(c);
    }
  });
}
