/**
 * GradientExplainer: expected gradients (shap's `GradientExplainer`). For each sample k a
 * background row r_k and t_k ~ U(0, 1) are drawn, the gradient g_k of the output is taken at
 * t_k·x + (1 − t_k)·r_k (x optionally blurred with Gaussian noise, `localSmoothing`), and
 * φ = mean_k g_k ⊙ (x − r_k). Additivity is approximate (exact for linear models). The model
 * side is a `gradient(batch, output)` function, which a TensorFlow.js model supplies with
 * `tf.grad`; any analytic gradient works too.
 */
import { KiteError } from '../core/index.js';
import { Explanation } from './explanation.js';
import { type DenseMatrix, type MatrixLike, rowOf, toDense } from './matrix.js';
import { callModel, type Model, type ModelOutput, readOutputs } from './model.js';
import { createRng } from './rng.js';

/** Gradients of output `output` w.r.t. each input of the batch: `rows × cols` values. */
export type GradientFn = (batch: DenseMatrix, output: number) => ModelOutput | Promise<ModelOutput>;

/** Options of {@link GradientExplainer}. */
export interface GradientOptions {
  /** The forward model, used for the base values (mean output over the background). */
  model?: Model<DenseMatrix>;
  /** Number of model outputs to explain when no `model` is given (default 1). */
  outputs?: number;
  /** Gradient rows per call (shap: 50). */
  batchSize?: number;
  /** σ of Gaussian noise added to x (shap: 0). */
  localSmoothing?: number;
  featureNames?: readonly string[];
  outputNames?: readonly string[];
}

/**
 * Expected gradients.
 *
 * @example
 * ```ts
 * const gradient = (b: DenseMatrix) => ({ rows: b.rows, cols: 2, data: new Float64Array(b.rows * 2).fill(3) });
 * const e = await new GradientExplainer(gradient, background).explain(rows, { nsamples: 200, seed: 0 });
 * ```
 */
export class GradientExplainer {
  readonly algorithm = 'gradient';
  readonly background: DenseMatrix;
  /** Gradient rows evaluated by the last `explain`. */
  gradientRows = 0;

  constructor(
    readonly gradient: GradientFn,
    background: MatrixLike,
    readonly options: GradientOptions = {},
  ) {
    if (typeof gradient !== 'function')
      throw new KiteError('INVALID_ARGUMENT', 'gradient must be a function (batch, output) => gradients');
    this.background = toDense(background, 'background');
    if (this.background.rows === 0)
      throw new KiteError('INVALID_ARGUMENT', 'background: needs at least one row');
  }

  /**
   * Explains each row with `nsamples` gradient samples (shap: 200); `outputs` picks which model
   * outputs to explain (default all).
   */
  async explain(
    X: MatrixLike,
    opts: { nsamples?: number; seed?: number; outputs?: readonly number[] } = {},
  ): Promise<Explanation> {
    const nsamples = opts.nsamples ?? 200;
    if (!(Number.isInteger(nsamples) && nsamples >= 1))
      throw new KiteError('INVALID_ARGUMENT', `nsamples must be a positive integer, got ${nsamples}`);
    const Xd = toDense(X, 'X');
    const P = this.background.cols;
    if (Xd.cols !== P)
      throw new KiteError('INVALID_ARGUMENT', `X has ${Xd.cols} features, the background has ${P}`);
    const t0 = performance.now();
    let K = this.options.outputs ?? 1;
    let base: Float64Array = new Float64Array(K);
    let multi = K > 1;
    if (this.options.model) {
      const out = await callModel(this.options.model, this.background, this.background.rows);
      K = out.width;
      multi = out.multi;
      base = new Float64Array(K);
      for (let i = 0; i < out.n; i++)
        for (let k = 0; k < K; k++) base[k] = (base[k] as number) + (out.data[i * K + k] as number) / out.n;
    }
    const all = K;
    const selected = opts.outputs ? [...opts.outputs] : Array.from({ length: all }, (_, k) => k);
    for (const k of selected) {
      if (!Number.isInteger(k) || k < 0 || k >= all) {
        throw new KiteError(
          'INVALID_ARGUMENT',
          `outputs: ${k} is not an output index (the model has ${all})`,
        );
      }
    }
    if (opts.outputs) {
      base = Float64Array.from(selected, (k) => base[k] as number);
      K = selected.length;
      multi = multi || K > 1;
    }
    const names = this.options.outputNames;
    const outputNames = names && names.length === all ? selected.map((k) => names[k] as string) : undefined;
    const batchSize = this.options.batchSize ?? 50;
    const sigma = this.options.localSmoothing ?? 0;
    const seed = opts.seed ?? 0;
    this.gradientRows = 0;
    const values: number[][][] = [];
    for (let r = 0; r < Xd.rows; r++) {
      const x = rowOf(Xd, r);
      const phi = new Float64Array(P * K);
      for (let k = 0; k < K; k++) {
        // the same samples for every output, as shap reseeds per output
        const rng = createRng(seed + r * 7919);
        const inputs = new Float64Array(nsamples * P);
        const deltas = new Float64Array(nsamples * P);
        for (let s = 0; s < nsamples; s++) {
          const b = rng.int(this.background.rows);
          const t = rng.random();
          for (let j = 0; j < P; j++) {
            const xj = (x[j] as number) + (sigma > 0 ? rng.normal() * sigma : 0);
            const bj = this.background.data[b * P + j] as number;
            inputs[s * P + j] = t * xj + (1 - t) * bj;
            deltas[s * P + j] = (x[j] as number) - bj;
          }
        }
        for (let start = 0; start < nsamples; start += batchSize) {
          const n = Math.min(batchSize, nsamples - start);
          const batch: DenseMatrix = { rows: n, cols: P, data: inputs.subarray(start * P, (start + n) * P) };
          const g = readOutputs(await this.gradient(batch, selected[k] as number), n);
          if (g.width !== P) {
            throw new KiteError(
              'INVALID_DATA',
              `gradient returned ${g.width} values per row; inputs have ${P} features`,
              {
                hint: 'return d output / d input for every feature of every batch row',
              },
            );
          }
          this.gradientRows += n;
          for (let s = 0; s < n; s++) {
            for (let j = 0; j < P; j++) {
              phi[j * K + k] =
                (phi[j * K + k] as number) +
                ((g.data[s * P + j] as number) * (deltas[(start + s) * P + j] as number)) / nsamples;
            }
          }
        }
      }
      const v: number[][] = [];
      for (let j = 0; j < P; j++) v.push(Array.from(phi.subarray(j * K, (j + 1) * K)));
      values.push(v);
    }
    return new Explanation({
      values: multi ? values : values.map((v) => v.map((c) => c[0] as number)),
      baseValues: multi ? values.map(() => Array.from(base)) : values.map(() => base[0] as number),
      data: Array.from({ length: Xd.rows }, (_, i) => Array.from(rowOf(Xd, i))),
      ...(this.options.featureNames ? { featureNames: this.options.featureNames } : {}),
      ...(outputNames && multi ? { outputNames } : {}),
      computeTime: (performance.now() - t0) / 1000,
      algorithm: this.algorithm,
    });
  }
}

/**
 * A {@link GradientFn} from any forward model by central differences (2·P forward rows per
 * input row, one batched call per input row), for models without automatic differentiation.
 *
 * @example
 * ```ts
 * const explainer = new GradientExplainer(numericGradient(model), background, { model });
 * ```
 */
export function numericGradient(model: Model<DenseMatrix>, eps = 1e-5): GradientFn {
  return async (batch, output) => {
    const P = batch.cols;
    const out = new Float64Array(batch.rows * P);
    const probe = new Float64Array(2 * P * P);
    for (let r = 0; r < batch.rows; r++) {
      const x = batch.data.subarray(r * P, (r + 1) * P);
      for (let j = 0; j < P; j++) {
        probe.set(x, 2 * j * P);
        probe.set(x, (2 * j + 1) * P);
        probe[2 * j * P + j] = (x[j] as number) + eps;
        probe[(2 * j + 1) * P + j] = (x[j] as number) - eps;
      }
      const y = await callModel(model, { rows: 2 * P, cols: P, data: probe }, 2 * P);
      for (let j = 0; j < P; j++) {
        const plus = y.data[2 * j * y.width + output] as number;
        const minus = y.data[(2 * j + 1) * y.width + output] as number;
        out[r * P + j] = (plus - minus) / (2 * eps);
      }
    }
    return { rows: batch.rows, cols: P, data: out };
  };
}
