/**
 * KernelExplainer (shap's legacy, most-cited explainer): Shapley values of the interventional
 * game over a background, estimated by weighted linear regression on coalitions drawn with
 * shap's plan (see `kernel-plan.ts`), with the efficiency constraint enforced exactly and the
 * link applied to the background expectation (`link(E f)`, not `E link(f)`).
 */
import { KiteError } from '../core/index.js';
import { Explanation } from './explanation.js';
import { kernelPlan, resolveNsamples } from './kernel-plan.js';
import { checkL1Reg, type L1Reg, solveKernel } from './kernel-solve.js';
import { type Link, resolveLink } from './links.js';
import { type EvalStats, MaskedModel, newStats } from './masked-model.js';
import type { BoundMasker } from './masker.js';
import { IndependentMasker, type TabularFormat } from './maskers/tabular.js';
import { allNumeric, type Value, ValuesMasker } from './maskers/values.js';
import { type DenseMatrix, isDenseMatrix, type MatrixLike, rowOf, toDense } from './matrix.js';
import { callModel, type Model } from './model.js';
import { createRng } from './rng.js';

/** Background given with weights (what {@link kmeans} returns). */
export interface WeightedData {
  data: MatrixLike | readonly (readonly Value[])[];
  weights: readonly number[];
}

/** Batch formats of the kernel explainer: numbers as arrays or a matrix, or mixed values. */
export type KernelFormat = TabularFormat | 'values';
type KernelBatch<F extends KernelFormat> = F extends 'matrix'
  ? DenseMatrix
  : F extends 'values'
    ? Value[][]
    : number[][];

/** Options of {@link KernelExplainer}. */
export interface KernelOptions<F extends KernelFormat = 'arrays'> {
  link?: Link | 'identity' | 'logit';
  featureNames?: readonly string[];
  outputNames?: readonly string[];
  /** Batch format handed to the model; data with strings or nulls always uses 'values'. */
  format?: F;
  /** Coalitions per model call (each is `background rows` model rows); default keeps calls near 100 000 rows. */
  batchSize?: number;
}

/** Options of {@link KernelExplainer.explain}. */
export interface KernelExplainOptions {
  /** Coalitions per row; shap's `'auto'` = 2M + 2048 (clamped to 2^M − 2). */
  nsamples?: number | 'auto';
  /** Feature selection; shap's default `'num_features(10)'`. */
  l1Reg?: L1Reg;
  seed?: number;
}

/**
 * Kernel SHAP.
 *
 * @example
 * ```ts
 * const explainer = new KernelExplainer((X) => X.map((x) => x[0]! + 2 * x[1]!), background);
 * const e = await explainer.explain(rows, { nsamples: 'auto' });
 * ```
 */
export class KernelExplainer<F extends KernelFormat = 'arrays'> {
  readonly algorithm = 'kernel';
  readonly link: Link;
  readonly masker: IndependentMasker<TabularFormat> | ValuesMasker;
  /** Σ_j w_j f(bg_j), raw model units; set by the first `explain`. */
  fnull: Float64Array | undefined;
  /** Counters of the last `explain` call. */
  stats: EvalStats = newStats();
  private multi = false;

  constructor(
    readonly model: Model<KernelBatch<F>>,
    data: MatrixLike | WeightedData | readonly (readonly Value[])[],
    readonly options: KernelOptions<F> = {},
  ) {
    const weighted = !Array.isArray(data) && !isDenseMatrix(data);
    const d = weighted ? (data as WeightedData).data : (data as MatrixLike);
    const common = {
      maxSamples: Number.POSITIVE_INFINITY,
      ...(weighted ? { weights: (data as WeightedData).weights } : {}),
      ...(options.featureNames ? { featureNames: options.featureNames } : {}),
    };
    const mixed =
      options.format === 'values' || (!isDenseMatrix(d) && !allNumeric(d as readonly (readonly unknown[])[]));
    this.masker = mixed
      ? new ValuesMasker(d as readonly (readonly Value[])[], common)
      : new IndependentMasker<TabularFormat>(d as MatrixLike, {
          ...common,
          format: (options.format ?? 'arrays') as TabularFormat,
        });
    this.link = resolveLink(options.link);
  }

  /** link(E f): the base value. */
  get expectedValue(): number[] | undefined {
    return this.fnull ? Array.from(this.fnull, (v) => this.link.f(v)) : undefined;
  }

  /** Explains each row. */
  async explain(
    X: MatrixLike | readonly (readonly Value[])[],
    options: KernelExplainOptions = {},
  ): Promise<Explanation> {
    const l1 = options.l1Reg ?? 'num_features(10)';
    checkL1Reg(l1);
    const rng = createRng(options.seed ?? 0);
    const P = this.masker.size;
    const rows = this.rowsOf(X);
    const N =
      this.masker instanceof ValuesMasker ? this.masker.background.length : this.masker.background.rows;
    const batch = this.options.batchSize ?? Math.max(1, Math.floor(100000 / N));
    const stats = newStats();
    const t0 = performance.now();
    const values: number[][][] = [];
    const bases: number[][] = [];
    const data: (number | string)[][] = [];
    // f(x) of every row in one model call
    let fxAll: Float64Array | undefined;
    let rowIndex = 0;
    for (const x of rows) {
      const bound = (this.masker as ValuesMasker).bind(x as readonly Value[]) as BoundMasker<unknown>;
      const fm = new MaskedModel(this.model as Model<unknown>, bound, batch, stats);
      if (!this.fnull) {
        this.fnull = await fm.evaluate(new Uint8Array(P), 1);
        this.multi = fm.multi;
      }
      const fnull = this.fnull;
      const K = fnull.length;
      if (!fxAll) {
        const t1 = performance.now();
        fxAll = (await callModel(this.model as Model<unknown>, this.batchOf(rows), rows.length, K)).data;
        stats.modelMs += performance.now() - t1;
        stats.calls++;
        stats.rows += rows.length;
      }
      const fx = fxAll.subarray(rowIndex * K, (rowIndex + 1) * K);
      rowIndex++;
      const phi = await this.explainRow(
        fm as MaskedModel<unknown>,
        bound.varying(),
        fx,
        fnull,
        options.nsamples,
        l1,
        rng,
      );
      const v: number[][] = [];
      for (let j = 0; j < P; j++) v.push(Array.from(phi.subarray(j * K, (j + 1) * K)));
      values.push(v);
      bases.push(Array.from(fnull, (f) => this.link.f(f)));
      data.push([...bound.data]);
    }
    this.stats = stats;
    const multi = this.multi;
    return new Explanation({
      values: multi ? values : values.map((v) => v.map((c) => c[0] as number)),
      baseValues: multi ? bases : bases.map((b) => b[0] as number),
      data,
      ...(this.options.featureNames ? { featureNames: this.options.featureNames } : {}),
      ...(this.options.outputNames ? { outputNames: this.options.outputNames } : {}),
      computeTime: (performance.now() - t0) / 1000,
      algorithm: this.algorithm,
    });
  }

  private rowsOf(
    X: MatrixLike | readonly (readonly Value[])[],
  ): readonly (ArrayLike<number> | readonly Value[])[] {
    const P = this.masker.size;
    if (this.masker instanceof ValuesMasker) {
      if (!Array.isArray(X)) throw new KiteError('INVALID_ARGUMENT', 'X: expected rows of values');
      X.forEach((r, i) => {
        if (!Array.isArray(r) || r.length !== P)
          throw new KiteError(
            'INVALID_ARGUMENT',
            `X[${i}] has ${Array.isArray(r) ? r.length : 'no'} features, the background has ${P}`,
          );
      });
      return X as readonly (readonly Value[])[];
    }
    const Xd = toDense(X as MatrixLike, 'X');
    if (Xd.cols !== P)
      throw new KiteError('INVALID_ARGUMENT', `X has ${Xd.cols} features, the background has ${P}`);
    return Array.from({ length: Xd.rows }, (_, i) => rowOf(Xd, i));
  }

  private batchOf(rows: readonly (ArrayLike<number> | readonly Value[])[]): unknown {
    if (this.masker.format !== 'matrix') return rows.map((x) => Array.from(x as ArrayLike<number>));
    const P = this.masker.size;
    const data = new Float64Array(rows.length * P);
    rows.forEach((x, i) => {
      data.set(x as ArrayLike<number>, i * P);
    });
    return { rows: rows.length, cols: P, data };
  }

  private async explainRow(
    fm: MaskedModel<unknown>,
    inds: number[],
    fx: Float64Array,
    fnull: Float64Array,
    nsamplesOpt: number | 'auto' | undefined,
    l1: L1Reg,
    rng: ReturnType<typeof createRng>,
  ): Promise<Float64Array> {
    const P = fm.size;
    const K = fnull.length;
    const link = this.link;
    const phi = new Float64Array(P * K);
    const M = inds.length;
    if (M === 0) return phi;
    if (M === 1) {
      for (let k = 0; k < K; k++)
        phi[(inds[0] as number) * K + k] = link.f(fx[k] as number) - link.f(fnull[k] as number);
      return phi;
    }
    const { nsamples, maxSamples } = resolveNsamples(M, nsamplesOpt);
    if (!(nsamples >= 1)) throw new KiteError('INVALID_ARGUMENT', `nsamples must be ≥ 1, got ${nsamples}`);
    const plan = kernelPlan(M, nsamples, maxSamples, rng);
    const full = new Uint8Array(plan.count * P);
    for (let i = 0; i < plan.count; i++) {
      for (let b = 0; b < M; b++) if (plan.masks[i * M + b]) full[i * P + (inds[b] as number)] = 1;
    }
    const ey = await fm.evaluate(full, plan.count);
    const eyAdj = new Float64Array(plan.count);
    for (let k = 0; k < K; k++) {
      const ln = link.f(fnull[k] as number);
      for (let i = 0; i < plan.count; i++) eyAdj[i] = link.f(ey[i * K + k] as number) - ln;
      const sol = solveKernel(plan, eyAdj, link.f(fx[k] as number) - ln, l1);
      inds.forEach((j, b) => {
        phi[j * K + k] = sol[b] as number;
      });
    }
    return phi;
  }
}
