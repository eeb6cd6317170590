/**
 * The small dense linear algebra the kernel explainer needs: Gaussian elimination with partial
 * pivoting, and a minimum-norm least-squares fallback through the symmetric eigen-decomposition
 * (Jacobi) for singular systems (what `np.linalg.lstsq` returns).
 */

/** Solves `A x = b` for square row-major `A` (n×n); `undefined` when `A` is singular. */
export function solve(A: Float64Array, b: Float64Array, n: number): Float64Array | undefined {
  const a = A.slice();
  const x = b.slice();
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i] as number));
  const eps = scale * n * 1e-13;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs(a[r * n + c] as number) > Math.abs(a[p * n + c] as number)) p = r;
    const pivot = a[p * n + c] as number;
    if (!(Math.abs(pivot) > eps)) return undefined;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k] as number;
        a[c * n + k] = a[p * n + k] as number;
        a[p * n + k] = t;
      }
      const t = x[c] as number;
      x[c] = x[p] as number;
      x[p] = t;
    }
    for (let r = c + 1; r < n; r++) {
      const f = (a[r * n + c] as number) / pivot;
      if (f === 0) continue;
      for (let k = c; k < n; k++) a[r * n + k] = (a[r * n + k] as number) - f * (a[c * n + k] as number);
      x[r] = (x[r] as number) - f * (x[c] as number);
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r] as number;
    for (let k = r + 1; k < n; k++) s -= (a[r * n + k] as number) * (x[k] as number);
    x[r] = s / (a[r * n + r] as number);
  }
  return x;
}

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations. */
export function symmetricEigen(S: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = S.slice();
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * n + q] as number) - (a[p * n + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number;
          const vkq = v[k * n + q] as number;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] as number;
  return { values, vectors: v };
}

/** Minimum-norm solution of the normal equations `S x = b` (S symmetric PSD), via the pseudo-inverse. */
export function pinvSolve(S: Float64Array, b: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(S, n);
  let max = 0;
  for (const l of values) max = Math.max(max, Math.abs(l));
  const cutoff = max * n * 2.22e-16;
  const x = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const l = values[e] as number;
    if (Math.abs(l) <= cutoff) continue;
    let proj = 0;
    for (let k = 0; k < n; k++) proj += (vectors[k * n + e] as number) * (b[k] as number);
    for (let k = 0; k < n; k++) x[k] = (x[k] as number) + ((vectors[k * n + e] as number) * proj) / l;
  }
  return x;
}
