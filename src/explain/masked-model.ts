/**
 * The masked-model core shared by every explainer (shap's `MaskedModel`): a batch of masks goes
 * through the masker, the model runs in batches, and the rows that belong to one mask are
 * averaged. Two of shap's refinements are kept:
 * - **delta evaluation**: when the masker reports which background rows equal the explained row
 *   per feature (`invariants`), only the rows that a mask change can affect are re-run; the
 *   others reuse the previous mask's outputs (Gray-code and permutation walks flip one feature
 *   per step, so this saves most rows when features often equal the background);
 * - **link linearisation** (`linearize_link`): with a non-identity link, outputs are averaged as
 *   Σ w·link(f) with weights from a first-order expansion of the link around the background
 *   mean, so that the all-hidden value equals link(E f) and logistic-linear models stay additive.
 * It also counts masks, model rows and calls, and times the model.
 */
import { KiteError } from '../core/index.js';
import { identityLink, type Link } from './links.js';
import type { BoundMasker } from './masker.js';
import { callModel, type Model } from './model.js';

/** Counters for one explainer run. */
export interface EvalStats {
  /** Masks evaluated. */
  masks: number;
  /** Model rows evaluated (after delta savings). */
  rows: number;
  /** Model calls made. */
  calls: number;
  /** Milliseconds spent inside the model. */
  modelMs: number;
}

/** Creates zeroed counters. */
export function newStats(): EvalStats {
  return { masks: 0, rows: 0, calls: 0, modelMs: 0 };
}

/** Link handling of a {@link MaskedModel}. */
export interface MaskedModelLink {
  link?: Link;
  /** shap's `linearize_link` (default true). */
  linearize?: boolean;
  /** Explain only these model outputs (columns), in this order. */
  outputs?: readonly number[];
}

/** Evaluates masks for one bound row. */
export class MaskedModel<In> {
  /** Outputs per mask, known after the first call. */
  width: number | undefined;
  /** True when the model returned rows of outputs. */
  multi = false;
  private readonly link: Link;
  private readonly linearize: boolean;
  private linWeights: Float64Array | undefined;
  private fullWidth: number | undefined;
  private readonly outputs: readonly number[] | undefined;

  constructor(
    private readonly model: Model<In>,
    readonly masker: BoundMasker<In>,
    /** Masks per model call. */
    private readonly batchSize: number,
    readonly stats: EvalStats = newStats(),
    linkOptions: MaskedModelLink = {},
  ) {
    if (!(batchSize >= 1)) throw new KiteError('INVALID_ARGUMENT', `batchSize must be ≥ 1, got ${batchSize}`);
    this.link = linkOptions.link ?? identityLink;
    this.linearize = (linkOptions.linearize ?? true) && this.link.name !== 'identity';
    this.outputs = linkOptions.outputs;
  }

  /** Number of features. */
  get size(): number {
    return this.masker.size;
  }

  /**
   * Evaluates `count` masks (`masks` is `count × size`, row-major) and returns `count × width`
   * averaged (and linked) outputs.
   */
  async evaluate(masks: Uint8Array, count: number): Promise<Float64Array> {
    if (this.linearize && !this.linWeights && !isZero(masks, this.size))
      await this.evaluate(new Uint8Array(this.size), 1);
    const M = this.masker.size;
    const N = this.masker.rowsPerMask;
    const inv = this.masker.invariants;
    const canDelta = inv !== undefined && this.masker.buildRows !== undefined;
    let last: Float64Array | undefined; // N × D outputs of the previous mask
    let result: Float64Array | undefined;
    let prev: Uint8Array | undefined;
    for (let start = 0; start < count; start += this.batchSize) {
      const n = Math.min(this.batchSize, count - start);
      const chunk = masks.subarray(start * M, (start + n) * M);
      let keep: Uint8Array | undefined;
      let rowsInBatch = n * N;
      if (canDelta) {
        keep = new Uint8Array(n * N);
        rowsInBatch = 0;
        for (let k = 0; k < n; k++) {
          const mask = chunk.subarray(k * M, (k + 1) * M);
          rowsInBatch += markVarying(mask, prev, inv as Uint8Array, M, N, keep, k * N);
          prev = mask;
        }
      }
      let y: Float64Array | undefined;
      if (rowsInBatch > 0) {
        const batch = keep
          ? (this.masker.buildRows as NonNullable<BoundMasker<In>['buildRows']>)(chunk, n, keep)
          : this.masker.build(chunk, n);
        const t0 = performance.now();
        const out = await callModel(this.model, batch, rowsInBatch, this.fullWidth);
        this.stats.modelMs += performance.now() - t0;
        this.stats.calls++;
        this.stats.rows += rowsInBatch;
        if (this.fullWidth === undefined) {
          this.fullWidth = out.width;
          this.width = this.outputs ? this.outputs.length : out.width;
          this.multi = this.outputs ? true : out.multi;
          for (const k of this.outputs ?? []) {
            if (!(Number.isInteger(k) && k >= 0 && k < out.width)) {
              throw new KiteError(
                'INVALID_ARGUMENT',
                `outputs: ${k} is not an output index (the model has ${out.width})`,
              );
            }
          }
        }
        y = this.outputs ? pick(out.data, out.width, this.outputs) : out.data;
      }
      this.stats.masks += n;
      const D = this.width as number;
      result ??= new Float64Array(count * D);
      last ??= new Float64Array(N * D);
      let src = 0;
      for (let k = 0; k < n; k++) {
        for (let r = 0; r < N; r++) {
          if (keep && !keep[k * N + r]) continue;
          for (let d = 0; d < D; d++) last[r * D + d] = (y as Float64Array)[src * D + d] as number;
          src++;
        }
        if (this.linearize && !this.linWeights && isZero(chunk.subarray(k * M, (k + 1) * M), M))
          this.linWeights = this.reweight(last, N, D);
        this.average(last, N, D, result, (start + k) * D);
      }
    }
    return result ?? new Float64Array(0);
  }

  private average(last: Float64Array, N: number, D: number, out: Float64Array, at: number): void {
    const w = this.masker.weights;
    const lw = this.linWeights;
    for (let d = 0; d < D; d++) {
      let s = 0;
      for (let r = 0; r < N; r++) {
        const wr = w === undefined ? 1 / N : (w[r] as number);
        const v = last[r * D + d] as number;
        s += lw ? wr * (lw[r * D + d] as number) * this.link.f(v) : wr * v;
      }
      out[at + d] = lw || this.link.name === 'identity' ? s : this.link.f(s);
    }
  }

  /** shap's `link_reweighting`: weights with Σ w·lw·link(p) = link(Σ w·p) for the background outputs. */
  private reweight(p: Float64Array, N: number, D: number): Float64Array {
    const w = this.masker.weights;
    const lw = new Float64Array(N * D);
    const f = (v: number) => this.link.f(v);
    for (let d = 0; d < D; d++) {
      let e = 0;
      for (let r = 0; r < N; r++)
        e += (w === undefined ? 1 / N : (w[r] as number)) * (p[r * D + d] as number);
      const grad = (f(e + 1e-4) - f(e)) / 1e-4;
      let total = 0;
      for (let r = 0; r < N; r++) {
        const pr = p[r * D + d] as number;
        const den = f(pr) - f(e);
        const v = den === 0 ? 1 : (grad * (pr - e)) / den;
        lw[r * D + d] = v;
        total += (w === undefined ? 1 / N : (w[r] as number)) * v;
      }
      for (let r = 0; r < N; r++) lw[r * D + d] = (lw[r * D + d] as number) / total;
    }
    return lw;
  }
}

function pick(y: Float64Array, width: number, cols: readonly number[]): Float64Array {
  const n = y.length / width;
  const out = new Float64Array(n * cols.length);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < cols.length; c++)
      out[i * cols.length + c] = y[i * width + (cols[c] as number)] as number;
  }
  return out;
}

function isZero(m: Uint8Array, M: number): boolean {
  for (let j = 0; j < M; j++) if (m[j]) return false;
  return true;
}

/** Marks the rows a mask change can affect; returns how many. */
function markVarying(
  mask: Uint8Array,
  prev: Uint8Array | undefined,
  inv: Uint8Array,
  M: number,
  N: number,
  keep: Uint8Array,
  at: number,
): number {
  if (!prev) {
    keep.fill(1, at, at + N);
    return N;
  }
  let count = 0;
  const delta: number[] = [];
  for (let j = 0; j < M; j++) if (mask[j] !== prev[j]) delta.push(j);
  if (delta.length === 0) return 0;
  for (let r = 0; r < N; r++) {
    for (const j of delta) {
      if (!inv[r * M + j]) {
        keep[at + r] = 1;
        count++;
        break;
      }
    }
  }
  return count;
}

/** Resolves `batchSize: 'auto'` the way shap does (the masker's default, else 10). */
export function resolveBatchSize(value: number | 'auto' | undefined, maskerDefault: number): number {
  if (value === undefined || value === 'auto') return maskerDefault;
  if (!Number.isInteger(value) || value < 1) {
    throw new KiteError('INVALID_ARGUMENT', `batchSize must be a positive integer or 'auto', got ${value}`);
  }
  return value;
}
