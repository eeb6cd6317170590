/**
 * `Explanation`: the result of every explainer, with shap's fields and shapes. Single-output
 * values are `(n, M)` and base values `(n)`; multi-output values are `(n, M, K)` and base values
 * `(n, K)`. Text rows may have different feature counts (ragged). JSON round-trips losslessly.
 */
import { type Issue, KiteError, throwIfErrors } from '../core/index.js';
import type { Linkage } from './masker.js';

/** Fields to build an {@link Explanation} from (shap spelling in camelCase). */
export interface ExplanationInit {
  /** `(n, M)` or `(n, M, K)`; rows may differ in M (text). */
  values: readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];
  /** `(n)` or `(n, K)`. */
  baseValues: readonly number[] | readonly (readonly number[])[];
  /** Feature values per row (numbers, or tokens for text). */
  data?: readonly (readonly (number | string)[])[];
  /** Shared feature names, or one list per row (tokens). */
  featureNames?: readonly string[] | readonly (readonly string[])[];
  outputNames?: readonly string[];
  /** Per row, which model outputs the K columns are (when only some outputs were explained). */
  outputIndexes?: readonly (readonly number[])[];
  /** Shape of one row's features when they are not a flat vector (images: `[H, W, C]`). */
  featureShape?: readonly number[];
  /** Feature hierarchy (one shared linkage or one per row). */
  clustering?: Linkage | readonly Linkage[];
  /** Per row and tree node, Owen values before `lower_credit` (partition explainer). */
  hierarchicalValues?: readonly (readonly number[])[];
  /** Seconds spent computing. */
  computeTime?: number;
  /** Which explainer produced it. */
  algorithm?: string;
}

/** The JSON form written by {@link Explanation.toJSON}. */
export interface ExplanationJson extends ExplanationInit {
  format: 'kite.explanation/v1';
  multiOutput: boolean;
}

/**
 * Attributions for a batch of rows.
 *
 * @example
 * ```ts
 * const e = new Explanation({ values: [[1, -2]], baseValues: [0.5], featureNames: ['a', 'b'] });
 * e.value(0, 1); // -2
 * ```
 */
export class Explanation {
  readonly n: number;
  /** K, the number of outputs (1 for single-output). */
  readonly outputs: number;
  readonly multiOutput: boolean;
  readonly init: ExplanationInit;
  private readonly rows: Float64Array[];
  private readonly bases: Float64Array[];

  constructor(init: ExplanationInit) {
    const issues: Issue[] = [];
    const n = init.values.length;
    if (init.baseValues.length !== n) {
      issues.push(issue('baseValues', `has ${init.baseValues.length} rows, values have ${n}`));
    }
    const first = init.values[0]?.[0];
    const multi = Array.isArray(first) || (n > 0 && Array.isArray(init.baseValues[0]));
    let K = 1;
    if (multi)
      K = Array.isArray(first) ? first.length : ((init.baseValues[0] as readonly number[])?.length ?? 1);
    const rows: Float64Array[] = [];
    const bases: Float64Array[] = [];
    init.values.forEach((row, i) => {
      const M = row.length;
      const flat = new Float64Array(M * K);
      row.forEach((cell, j) => {
        if (multi !== Array.isArray(cell) || (Array.isArray(cell) && cell.length !== K)) {
          issues.push(issue(`values[${i}][${j}]`, multi ? `expected ${K} outputs` : 'expected a number'));
          return;
        }
        if (Array.isArray(cell)) {
          cell.forEach((v: number, k: number) => {
            flat[j * K + k] = v;
          });
        } else flat[j] = cell as number;
      });
      rows.push(flat);
      const b = init.baseValues[i];
      const bv = new Float64Array(K);
      if (multi && Array.isArray(b) && b.length === K) bv.set(b);
      else if (!multi && typeof b === 'number') bv[0] = b;
      else if (b !== undefined)
        issues.push(issue(`baseValues[${i}]`, multi ? `expected ${K} numbers` : 'expected a number'));
      bases.push(bv);
      const d = init.data?.[i];
      if (init.data && d?.length !== M)
        issues.push(issue(`data[${i}]`, `has ${d?.length ?? 0} values for ${M} features`));
      const names = init.featureNames;
      if (names && names.length > 0) {
        const perRow = Array.isArray(names[0]);
        const len = perRow ? (names[i] as readonly string[] | undefined)?.length : names.length;
        if (len !== M)
          issues.push(
            issue(perRow ? `featureNames[${i}]` : 'featureNames', `has ${len} names for ${M} features`),
          );
      }
    });
    if (init.outputNames && init.outputNames.length !== K) {
      issues.push(issue('outputNames', `has ${init.outputNames.length} names for ${K} outputs`));
    }
    throwIfErrors('INVALID_DATA', 'invalid explanation', issues);
    this.n = n;
    this.outputs = K;
    this.multiOutput = multi;
    this.init = init;
    this.rows = rows;
    this.bases = bases;
  }

  /** Number of features of row `i` (default row 0). */
  features(i = 0): number {
    return (this.rows[i]?.length ?? 0) / this.outputs;
  }

  /** The attribution of feature `j` in row `i` for output `k`. */
  value(i: number, j: number, k = 0): number {
    return this.rows[i]?.[j * this.outputs + k] ?? Number.NaN;
  }

  /** The base value (expected model output) of row `i` for output `k`. */
  baseValue(i: number, k = 0): number {
    return this.bases[i]?.[k] ?? Number.NaN;
  }

  /** Values of row `i` for output `k`, one per feature. */
  rowValues(i: number, k = 0): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.features(i); j++) out.push(this.value(i, j, k));
    return out;
  }

  /** `values` in shap's shape: `(n, M)` or `(n, M, K)`. */
  get values(): number[][] | number[][][] {
    if (!this.multiOutput) return this.rows.map((r) => Array.from(r));
    return this.rows.map((r, i) => {
      const out: number[][] = [];
      for (let j = 0; j < this.features(i); j++)
        out.push(Array.from(r.subarray(j * this.outputs, (j + 1) * this.outputs)));
      return out;
    });
  }

  /** `base_values` in shap's shape: `(n)` or `(n, K)`. */
  get baseValues(): number[] | number[][] {
    return this.multiOutput ? this.bases.map((b) => Array.from(b)) : this.bases.map((b) => b[0] as number);
  }

  get data(): readonly (readonly (number | string)[])[] | undefined {
    return this.init.data;
  }

  get outputNames(): readonly string[] | undefined {
    return this.init.outputNames;
  }

  /** Names of the features of row `i`: per-row names, shared names, or "Feature j". */
  featureNames(i = 0): string[] {
    const names = this.init.featureNames;
    if (names && names.length > 0) {
      const row = Array.isArray(names[0]) ? (names[i] as readonly string[]) : (names as readonly string[]);
      return [...row];
    }
    return Array.from({ length: this.features(i) }, (_, j) => `Feature ${j}`);
  }

  /** Model output f(x) implied by local accuracy: base value plus the sum of the values. */
  outputValue(i: number, k = 0): number {
    let s = this.baseValue(i, k);
    for (let j = 0; j < this.features(i); j++) s += this.value(i, j, k);
    return s;
  }

  /** The single-output explanation of output `k` (by index or output name). */
  output(k: number | string): Explanation {
    const idx = typeof k === 'number' ? k : (this.init.outputNames?.indexOf(k) ?? -1);
    if (idx < 0 || idx >= this.outputs) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `no output ${JSON.stringify(k)}; this explanation has ${this.outputs}`,
      );
    }
    const { outputNames: _o, outputIndexes: _oi, ...rest } = this.init;
    return new Explanation({
      ...rest,
      values: this.rows.map((_, i) => this.rowValues(i, idx)),
      baseValues: this.bases.map((b) => b[idx] as number),
    });
  }

  /** Rows `indices` only. */
  select(indices: readonly number[]): Explanation {
    const pick = <T>(a: readonly T[] | undefined) => (a ? indices.map((i) => a[i] as T) : undefined);
    const names = this.init.featureNames;
    const perRowNames = names && names.length > 0 && Array.isArray(names[0]);
    const clusters = this.init.clustering;
    const perRowClusters = clusters && clusters.length > 0 && Array.isArray(clusters[0]?.[0]);
    return new Explanation(
      strip({
        ...this.init,
        values: pick(this.init.values as readonly unknown[]) as ExplanationInit['values'],
        baseValues: pick(this.init.baseValues as readonly unknown[]) as ExplanationInit['baseValues'],
        data: pick(this.init.data),
        featureNames: perRowNames ? (pick(names as readonly (readonly string[])[]) as string[][]) : names,
        clustering: perRowClusters ? (pick(clusters as readonly Linkage[]) as Linkage[]) : clusters,
        hierarchicalValues: pick(this.init.hierarchicalValues),
        outputIndexes: pick(this.init.outputIndexes),
      }),
    );
  }

  /** Mean |value| per feature over rows for output `k` (requires equal feature counts). */
  meanAbs(k = 0): number[] {
    const M = this.features(0);
    const out = new Array<number>(M).fill(0);
    for (let i = 0; i < this.n; i++) {
      if (this.features(i) !== M)
        throw new KiteError('INVALID_DATA', 'meanAbs needs rows with equal feature counts');
      for (let j = 0; j < M; j++) out[j] = (out[j] as number) + Math.abs(this.value(i, j, k)) / this.n;
    }
    return out;
  }

  /** A JSON-ready object (`JSON.stringify(e)` works too). */
  toJSON(): ExplanationJson {
    return strip({
      format: 'kite.explanation/v1' as const,
      multiOutput: this.multiOutput,
      ...this.init,
      values: this.values,
      baseValues: this.baseValues,
    });
  }

  /** Rebuilds an explanation from {@link toJSON}'s output, checking every field. */
  static fromJSON(json: unknown): Explanation {
    if (
      typeof json !== 'object' ||
      json === null ||
      (json as ExplanationJson).format !== 'kite.explanation/v1'
    ) {
      throw new KiteError('INVALID_DATA', 'not a Kite explanation (expected format "kite.explanation/v1")');
    }
    const { format: _f, multiOutput: _m, ...init } = json as ExplanationJson;
    return new Explanation(init);
  }
}

function issue(path: string, message: string): Issue {
  return { code: 'explanation-shape', path, message };
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
