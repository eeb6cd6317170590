/**
 * The masked-model core shared by every explainer (shap's `MaskedModel`): a batch of masks goes
 * through the masker, the model runs in batches, and the rows that belong to one mask are
 * averaged with the masker's weights. It counts evaluations and times the model calls, so that
 * benchmarks can separate model time from explainer overhead.
 */
import { KiteError } from '../core/index.js';
import type { BoundMasker } from './masker.js';
import { callModel, type Model } from './model.js';

/** Counters for one explainer run. */
export interface EvalStats {
  /** Masks evaluated. */
  masks: number;
  /** Model rows evaluated (masks × rows per mask). */
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

/** Evaluates masks for one bound row. */
export class MaskedModel<In> {
  /** Outputs per mask, known after the first call. */
  width: number | undefined;
  /** True when the model returned rows of outputs. */
  multi = false;

  constructor(
    private readonly model: Model<In>,
    readonly masker: BoundMasker<In>,
    /** Masks per model call. */
    private readonly batchSize: number,
    readonly stats: EvalStats = newStats(),
  ) {
    if (!(batchSize >= 1)) throw new KiteError('INVALID_ARGUMENT', `batchSize must be ≥ 1, got ${batchSize}`);
  }

  /** Number of features. */
  get size(): number {
    return this.masker.size;
  }

  /**
   * Evaluates `count` masks (`masks` is `count × size`, row-major) and returns `count × width`
   * averaged outputs.
   */
  async evaluate(masks: Uint8Array, count: number): Promise<Float64Array> {
    const M = this.masker.size;
    const per = this.masker.rowsPerMask;
    const w = this.masker.weights;
    let result: Float64Array | undefined;
    for (let start = 0; start < count; start += this.batchSize) {
      const n = Math.min(this.batchSize, count - start);
      const batch = this.masker.build(masks.subarray(start * M, (start + n) * M), n);
      const t0 = performance.now();
      const out = await callModel(this.model, batch, n * per, this.width);
      this.stats.modelMs += performance.now() - t0;
      this.stats.calls++;
      this.stats.masks += n;
      this.stats.rows += n * per;
      if (this.width === undefined) {
        this.width = out.width;
        this.multi = out.multi;
      }
      const D = out.width;
      result ??= new Float64Array(count * D);
      const y = out.data;
      for (let k = 0; k < n; k++) {
        const dst = (start + k) * D;
        for (let r = 0; r < per; r++) {
          const wr = w === undefined ? 1 / per : (w[r] as number);
          const src = (k * per + r) * D;
          for (let d = 0; d < D; d++)
            result[dst + d] = (result[dst + d] as number) + wr * (y[src + d] as number);
        }
      }
    }
    return result ?? new Float64Array(0);
  }

  /** Evaluates a single mask given as feature indices that are kept on. */
  async evaluateOn(on: readonly number[]): Promise<Float64Array> {
    const m = new Uint8Array(this.masker.size);
    for (const i of on) m[i] = 1;
    return this.evaluate(m, 1);
  }
}

/** Resolves `batchSize: 'auto'` the way shap does (the masker's default, else 10). */
export function resolveBatchSize(value: number | 'auto' | undefined, maskerDefault: number): number {
  if (value === undefined || value === 'auto') return maskerDefault;
  if (!Number.isInteger(value) || value < 1) {
    throw new KiteError('INVALID_ARGUMENT', `batchSize must be a positive integer or 'auto', got ${value}`);
  }
  return value;
}
