/**
 * `TreeExplainer`: exact SHAP values for tree ensembles ({@link TreeEnsemble}), as shap's
 * `TreeExplainer` with `model_output="raw"`:
 * - `featurePerturbation: 'tree_path_dependent'` (default without data): path-dependent TreeSHAP
 *   over the node covers; with data, the covers are first recounted from the data (shap's
 *   `tree_update_weights`; nodes no row reaches weigh 1e-6, as in shap), and the base value is
 *   the mean output on the data.
 * - `'interventional'` (default with data): exact Shapley values of the background game
 *   v(S) = mean_r f(x_S, r_{¬S}); the base value is the mean output on the background.
 * - `approximate: true`: Saabas attributions, node expectations over the model's covers (or over
 *   the background data when given, so that they add up to f(x) − mean f(data)).
 * Every explanation is checked with shap's `assert_additivity` rule unless
 * `checkAdditivity: false`.
 */
import { KiteError } from '../core/index.js';
import { Explanation } from './explanation.js';
import { type DenseMatrix, type MatrixLike, rowOf, toDense } from './matrix.js';
import { treeShapInterventional } from './tree-interventional.js';
import {
  compileEnsemble,
  coversFromData,
  nodeExpectations,
  type PackedEnsemble,
  predictEnsemble,
  type TreeEnsemble,
} from './tree-model.js';
import { saabas, treeShapPath } from './tree-path.js';

/** shap's `feature_perturbation` values. */
export const FEATURE_PERTURBATIONS = ['auto', 'interventional', 'tree_path_dependent'] as const;
/** How features are "removed": `auto` = interventional when data is given, else path-dependent. */
export type FeaturePerturbation = (typeof FEATURE_PERTURBATIONS)[number];

/** Options of {@link TreeExplainer}. */
export interface TreeOptions {
  featurePerturbation?: FeaturePerturbation;
  featureNames?: readonly string[];
  outputNames?: readonly string[];
}

/** Options of {@link TreeExplainer.explain}. */
export interface TreeExplainOptions {
  /** Saabas attributions instead of SHAP values (shap's `approximate=True`). */
  approximate?: boolean;
  /** Check E + Σφ against the model output (default true; shap's `check_additivity`). */
  checkAdditivity?: boolean;
}

/**
 * shap's `assert_additivity` rule: passes iff `np.allclose(E + Σφ, output, atol=1e-2,
 * rtol=1e-2)`, i.e. |E + Σφ − output| ≤ 0.01 + 0.01·|output| for every row and output.
 * Returns the failures (row, output, sum, model output); empty when additive.
 */
export function additivityFailures(
  sums: ArrayLike<number>,
  outputs: ArrayLike<number>,
  atol = 1e-2,
  rtol = 1e-2,
): { index: number; sum: number; output: number }[] {
  const bad: { index: number; sum: number; output: number }[] = [];
  for (let i = 0; i < outputs.length; i++) {
    const s = sums[i] as number;
    const o = outputs[i] as number;
    if (!(Math.abs(s - o) <= atol + rtol * Math.abs(o))) bad.push({ index: i, sum: s, output: o });
  }
  return bad;
}

/** The inputs as the model compares them (float32-rounded for sklearn/XGBoost models). */
function asInputs(m: DenseMatrix, float32: boolean): DenseMatrix {
  return float32 ? { ...m, data: m.data.map(Math.fround) } : m;
}

/**
 * Exact explanations of tree ensembles.
 *
 * @example
 * ```ts
 * const tree = { childrenLeft: [1, -1, -1], childrenRight: [2, -1, -1], feature: [0, -2, -2],
 *   threshold: [0.5, 0, 0], value: [5, 0, 10], nodeSampleWeight: [2, 1, 1] };
 * const e = await new TreeExplainer({ trees: [tree] }).explain([[1]]);
 * e.rowValues(0); // [5]
 * ```
 */
export class TreeExplainer {
  readonly algorithm = 'tree';
  readonly featurePerturbation: Exclude<FeaturePerturbation, 'auto'>;
  /** E[f]: one number, or one per output for a multi-output ensemble. */
  readonly expectedValue: number | number[];
  private readonly model: PackedEnsemble;
  private readonly data?: DenseMatrix;
  private readonly expected: Float64Array;
  private nodeE?: Float64Array[];
  private readonly featureNames?: readonly string[];
  private readonly outputNames?: readonly string[];

  constructor(
    model: TreeEnsemble,
    data?: MatrixLike,
    readonly options: TreeOptions = {},
  ) {
    const fp = options.featurePerturbation ?? 'auto';
    if (!FEATURE_PERTURBATIONS.includes(fp)) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `featurePerturbation ${JSON.stringify(fp)}: use one of ${FEATURE_PERTURBATIONS.join(', ')}`,
      );
    }
    let packed = compileEnsemble(model);
    const names = options.featureNames ?? model.featureNames;
    if (names) this.featureNames = names;
    const outputs = options.outputNames ?? model.outputNames;
    if (outputs) this.outputNames = outputs;
    if (data !== undefined) {
      this.data = asInputs(toDense(data, 'data'), packed.float32);
      if (this.data.rows === 0) throw new KiteError('INVALID_ARGUMENT', 'data: needs at least one row');
      this.checkWidth(this.data, 'data', packed);
    }
    this.featurePerturbation = fp === 'auto' ? (data ? 'interventional' : 'tree_path_dependent') : fp;
    if (this.featurePerturbation === 'interventional' && !this.data) {
      throw new KiteError('INVALID_ARGUMENT', 'interventional TreeSHAP needs background data', {
        hint: 'pass data (e.g. 100–1000 training rows) or use featurePerturbation: "tree_path_dependent"',
      });
    }
    if (this.featurePerturbation === 'tree_path_dependent' && this.data)
      packed = coversFromData(packed, this.data);
    this.model = packed;
    this.expected = this.computeExpected();
    this.expectedValue = packed.multi ? Array.from(this.expected) : (this.expected[0] as number);
  }

  private checkWidth(X: DenseMatrix, what: string, m: PackedEnsemble = this.model): void {
    if (X.cols < m.minFeatures || (this.data && X.cols !== this.data.cols)) {
      const want = this.data ? this.data.cols : m.minFeatures;
      throw new KiteError(
        'INVALID_ARGUMENT',
        `${what} has ${X.cols} features; the model ${this.data ? 'and data have' : 'splits on feature indices up to'} ${want}`,
      );
    }
  }

  private computeExpected(): Float64Array {
    const m = this.model;
    const K = m.outputs;
    if (this.data) {
      const out = predictEnsemble(m, this.data);
      const E = new Float64Array(K);
      for (let i = 0; i < this.data.rows; i++)
        for (let k = 0; k < K; k++) E[k] = (E[k] as number) + (out[i * K + k] as number) / this.data.rows;
      return E;
    }
    const E = Float64Array.from(m.base);
    for (const t of m.trees) {
      const root = nodeExpectations(t, K);
      for (let k = 0; k < K; k++) E[k] = (E[k] as number) + (root[k] as number);
    }
    return E;
  }

  /** Raw (margin) model outputs, n × K row-major. */
  predict(X: MatrixLike): Float64Array {
    const Xd = asInputs(toDense(X, 'X'), this.model.float32);
    this.checkWidth(Xd, 'X');
    return predictEnsemble(this.model, Xd);
  }

  /** Attributions of one row (M × K, row-major). */
  private row(x: ArrayLike<number>, M: number, approximate: boolean): Float64Array {
    const m = this.model;
    const K = m.outputs;
    const phi = new Float64Array(M * K);
    if (approximate) {
      // with background data the node expectations come from the data's covers, so that the
      // values add up to f(x) − mean f(data) like the other algorithms
      const sm =
        this.data && this.featurePerturbation === 'interventional' ? coversFromData(m, this.data) : m;
      this.nodeE ??= sm.trees.map((t) => nodeExpectations(t, K));
      m.trees.forEach((t, i) => {
        saabas(t, this.nodeE?.[i] as Float64Array, x, K, m.strict, phi);
      });
    } else if (this.featurePerturbation === 'tree_path_dependent') {
      for (const t of m.trees) treeShapPath(t, x, K, m.strict, phi);
    } else {
      const state = new Int8Array(M);
      for (const t of m.trees)
        treeShapInterventional(t, x, this.data as DenseMatrix, K, m.strict, phi, state);
    }
    return phi;
  }

  /**
   * Explains each row. With `checkAdditivity` (default) throws `INVALID_DATA` when E + Σφ and
   * the model output differ by more than shap's tolerance.
   */
  async explain(X: MatrixLike, opts: TreeExplainOptions = {}): Promise<Explanation> {
    const t0 = performance.now();
    const Xd = asInputs(toDense(X, 'X'), this.model.float32);
    this.checkWidth(Xd, 'X');
    const M = Xd.cols;
    const K = this.model.outputs;
    const approximate = opts.approximate ?? false;
    const rows: Float64Array[] = [];
    for (let i = 0; i < Xd.rows; i++) rows.push(this.row(rowOf(Xd, i), M, approximate));
    if (opts.checkAdditivity ?? true) this.assertAdditivity(rows, predictEnsemble(this.model, Xd));
    const multi = this.model.multi;
    const values = rows.map((phi) =>
      Array.from({ length: M }, (_, j) =>
        multi ? Array.from(phi.subarray(j * K, (j + 1) * K)) : (phi[j] as number),
      ),
    );
    const base = multi ? Array.from(this.expected) : (this.expected[0] as number);
    return new Explanation({
      values: values as number[][] | number[][][],
      baseValues: rows.map(() => base) as number[] | number[][],
      data: Array.from({ length: Xd.rows }, (_, i) => Array.from(rowOf(Xd, i))),
      ...(this.featureNames ? { featureNames: this.featureNames } : {}),
      ...(multi && this.outputNames ? { outputNames: this.outputNames } : {}),
      computeTime: (performance.now() - t0) / 1000,
      algorithm: approximate ? 'tree (saabas)' : `tree (${this.featurePerturbation})`,
    });
  }

  /**
   * shap's `assert_additivity`: throws unless E + Σ_j φ[i][j] matches `outputs` (n × K) within
   * atol 1e-2 and rtol 1e-2 for every row (`phi[i]` is M × K row-major).
   */
  assertAdditivity(phi: readonly ArrayLike<number>[], outputs: ArrayLike<number>): void {
    const K = this.model.outputs;
    const sums = new Float64Array(phi.length * K);
    phi.forEach((p, i) => {
      for (let k = 0; k < K; k++) {
        let s = this.expected[k] as number;
        for (let j = k; j < p.length; j += K) s += p[j] as number;
        sums[i * K + k] = s;
      }
    });
    const bad = additivityFailures(sums, outputs);
    if (bad.length === 0) return;
    const b = bad[0] as { index: number; sum: number; output: number };
    throw new KiteError(
      'INVALID_DATA',
      `additivity check failed in ${bad.length} place(s): row ${Math.floor(b.index / K)}, output ${b.index % K}: expected value + Σ SHAP values = ${b.sum}, model output = ${b.output} (tolerance atol 1e-2, rtol 1e-2)`,
      {
        hint: 'the model arrays may be inconsistent (value/cover/thresholds); pass checkAdditivity: false to skip the check',
      },
    );
  }
}
