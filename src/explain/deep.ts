/**
 * `DeepExplainer`: Deep SHAP (DeepLIFT with the rescale rule, averaged over a background), as
 * shap's `DeepExplainer` computes it for TensorFlow models (`shap/explainers/_deep/deep_tf.py`).
 *
 * For an explained row x and each background row r, multipliers are propagated from the output
 * back to the input layer by layer: a Dense layer passes them through its kernel (linear), an
 * element-wise activation g scales them by the rescale ratio (g(z_x) − g(z_r)) / (z_x − z_r),
 * falling back to the ordinary derivative g'(z_r) where |z_x − z_r| < 1e-6; a softmax is
 * decomposed as shap does (centre by the max, exp with the rescale rule, the sum, and the
 * division with shap's two-input Shapley rule). Then φ = mean_r m_r ⊙ (x − r) and the base
 * value is the mean model output over the background. Summation-to-delta holds per reference,
 * so E + Σφ = f(x) up to rounding (and the rare fallbacks); like shap, `explain` checks this
 * against the model's own output with tolerance 1e-2 (max abs difference).
 */
import { KiteError } from '../core/index.js';
import { backConvLayer } from './deep-conv.js';
import {
  activation,
  applyLayer,
  type DeepLayer,
  type DenseNetwork,
  isTfModel,
  networkFromTf,
  type TfModelLike,
} from './deep-network.js';
import { Explanation } from './explanation.js';
import { type DenseMatrix, type MatrixLike, rowOf, toDense } from './matrix.js';

/** shap's additivity tolerance for Deep SHAP (`deep_utils.py`: max |diff| < 1e-2). */
export const DEEP_TOLERANCE = 1e-2;
const RESCALE_EPS = 1e-6;
const DIV_EPS = 1e-7;

/** Options of {@link DeepExplainer}. */
export interface DeepOptions {
  featureNames?: readonly string[];
  outputNames?: readonly string[];
}

/** Options of {@link DeepExplainer.explain}. */
export interface DeepExplainOptions {
  /** Output indices to explain (default all). */
  outputs?: readonly number[];
  /** Compare E + Σφ with the model output (default true; shap's `check_additivity`). */
  checkAdditivity?: boolean;
}

/** Activations of every layer input for one row: `acts[l]` is layer l's input, last = output. */
function trace(net: DenseNetwork, x: ArrayLike<number>): Float64Array[] {
  const acts: Float64Array[] = [Float64Array.from(x)];
  for (const layer of net.layers) acts.push(applyLayer(layer, acts[acts.length - 1] as Float64Array));
  return acts;
}

/** Multipliers of one layer's input from those of its output (x side `ax`, reference `ar`). */
function backLayer(layer: DeepLayer, m: Float64Array, ax: Float64Array, ar: Float64Array): Float64Array {
  if (layer.kind === 'dense') {
    const out = new Float64Array(layer.inputs);
    for (let i = 0; i < layer.inputs; i++) {
      let s = 0;
      for (let o = 0; o < layer.units; o++)
        s += (layer.kernel[i * layer.units + o] as number) * (m[o] as number);
      out[i] = s;
    }
    return out;
  }
  if (layer.kind === 'conv2d' || layer.kind === 'pool2d' || layer.kind === 'scale')
    return backConvLayer(layer, m, ax, ar);
  if (layer.kind === 'activation') {
    const [g, dg] = activation(layer.activation);
    return m.map((mj, j) => {
      const zx = ax[j] as number;
      const zr = ar[j] as number;
      const dz = zx - zr;
      return Math.abs(dz) < RESCALE_EPS ? mj * dg(zr) : (mj * (g(zx) - g(zr))) / dz;
    });
  }
  return backSoftmax(m, ax, ar);
}

/** shap's softmax rule: centre, exp (rescale), sum (linear), divide (two-input rule). */
function backSoftmax(g: Float64Array, zx: Float64Array, zr: Float64Array): Float64Array {
  const C = zx.length;
  const mx = Math.max(...zx);
  const mr = Math.max(...zr);
  const cx = zx.map((v) => v - mx);
  const cr = zr.map((v) => v - mr);
  const ex = cx.map(Math.exp);
  const er = cr.map(Math.exp);
  const sx = ex.reduce((p, v) => p + v, 0);
  const sr = er.reduce((p, v) => p + v, 0);
  const ds = sx - sr;
  const mE = new Float64Array(C);
  let mS = 0;
  for (let j = 0; j < C; j++) {
    const a = ex[j] as number;
    const b = er[j] as number;
    const de = a - b;
    const gj = g[j] as number;
    if (Math.abs(de) >= DIV_EPS) mE[j] = (gj * 0.5 * (a / sx - b / sx + a / sr - b / sr)) / de;
    if (Math.abs(ds) >= DIV_EPS) mS += (gj * 0.5 * (a / sx - a / sr + b / sx - b / sr)) / ds;
  }
  const out = new Float64Array(C);
  for (let j = 0; j < C; j++) {
    const dc = (cx[j] as number) - (cr[j] as number);
    const me = (mE[j] as number) + mS;
    const mc =
      Math.abs(dc) < RESCALE_EPS
        ? me * (er[j] as number)
        : (me * ((ex[j] as number) - (er[j] as number))) / dc;
    const dz = (zx[j] as number) - (zr[j] as number);
    out[j] = Math.abs(dz) < RESCALE_EPS ? mc : (mc * dc) / dz;
  }
  return out;
}

/**
 * Deep SHAP for feed-forward networks: a TensorFlow.js LayersModel (Dense, activation, Conv2D,
 * pooling and batch-norm layers) or a {@link DenseNetwork}.
 *
 * @example
 * ```ts
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2], activation: 'relu' })] });
 * const explainer = new DeepExplainer(model, background);
 * const e = await explainer.explain(rows); // E + Σφ = f(x)
 * ```
 */
export class DeepExplainer {
  readonly algorithm = 'deep';
  readonly network: DenseNetwork;
  readonly background: DenseMatrix;
  /** E[f] over the background: one number, or one per output. */
  readonly expectedValue: number | number[];
  private readonly tfModel?: TfModelLike;
  private readonly bgActs: Float64Array[][];
  private readonly expected: Float64Array;

  constructor(
    model: TfModelLike | DenseNetwork,
    data: MatrixLike,
    readonly options: DeepOptions = {},
  ) {
    if (isTfModel(model)) {
      this.tfModel = model;
      this.network = networkFromTf(model);
    } else if (
      Array.isArray((model as DenseNetwork)?.layers) &&
      typeof (model as DenseNetwork).inputs === 'number'
    ) {
      this.network = model as DenseNetwork;
    } else {
      throw new KiteError(
        'INVALID_ARGUMENT',
        'DeepExplainer needs a TensorFlow.js LayersModel or a DenseNetwork',
      );
    }
    this.background = toDense(data, 'data');
    if (this.background.rows === 0)
      throw new KiteError('INVALID_ARGUMENT', 'data: needs at least one background row');
    this.checkWidth(this.background, 'data');
    this.bgActs = Array.from({ length: this.background.rows }, (_, r) =>
      trace(this.network, rowOf(this.background, r)),
    );
    const K = ((this.bgActs[0] as Float64Array[]).at(-1) as Float64Array).length;
    this.expected = new Float64Array(K);
    for (const acts of this.bgActs) {
      const y = acts.at(-1) as Float64Array;
      for (let k = 0; k < K; k++)
        this.expected[k] = (this.expected[k] as number) + (y[k] as number) / this.bgActs.length;
    }
    this.expectedValue = K > 1 ? Array.from(this.expected) : (this.expected[0] as number);
  }

  private checkWidth(X: DenseMatrix, what: string): void {
    const bad = X.data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `${what}[${Math.floor(bad / X.cols)}][${bad % X.cols}] is ${X.data[bad]}; DeepExplainer needs finite inputs`,
      );
    }
    if (X.cols !== this.network.inputs)
      throw new KiteError(
        'INVALID_ARGUMENT',
        `${what} has ${X.cols} features per row; the model takes ${this.network.inputs}`,
      );
  }

  /** Number of model outputs. */
  get outputs(): number {
    return this.expected.length;
  }

  /** φ (M values) of output k for one row, given its trace. */
  private rowValues(x: ArrayLike<number>, actsX: Float64Array[], k: number): Float64Array {
    const { layers, inputs: M } = this.network;
    const phi = new Float64Array(M);
    const N = this.bgActs.length;
    for (const actsR of this.bgActs) {
      let m: Float64Array = new Float64Array((actsX.at(-1) as Float64Array).length);
      m[k] = 1;
      for (let l = layers.length - 1; l >= 0; l--)
        m = backLayer(layers[l] as DeepLayer, m, actsX[l] as Float64Array, actsR[l] as Float64Array);
      const r = actsR[0] as Float64Array;
      for (let j = 0; j < M; j++)
        phi[j] = (phi[j] as number) + ((m[j] as number) * ((x[j] as number) - (r[j] as number))) / N;
    }
    return phi;
  }

  /** The model's own outputs (TensorFlow.js predict when a tf model was given), n × K. */
  async modelOutputs(X: DenseMatrix): Promise<Float64Array> {
    if (this.tfModel && typeof (this.tfModel as { predict?: unknown }).predict === 'function') {
      const tf = await import('@tensorflow/tfjs');
      const shape = (this.tfModel.inputs?.[0]?.shape ?? [null, X.cols]).map((d, i) =>
        i === 0 ? X.rows : (d as number),
      );
      const input = tf.tensor(Float32Array.from(X.data), shape);
      const model = this.tfModel as unknown as {
        predict(t: unknown): { dataSync(): Float32Array; dispose(): void };
      };
      const y = model.predict(input);
      const out = Float64Array.from(y.dataSync());
      input.dispose();
      y.dispose();
      return out;
    }
    const K = this.outputs;
    const out = new Float64Array(X.rows * K);
    for (let i = 0; i < X.rows; i++) out.set(trace(this.network, rowOf(X, i)).at(-1) as Float64Array, i * K);
    return out;
  }

  /** Explains each row of `X` (flat rows of the model's input size). */
  async explain(X: MatrixLike, opts: DeepExplainOptions = {}): Promise<Explanation> {
    const t0 = performance.now();
    const Xd = toDense(X, 'X');
    this.checkWidth(Xd, 'X');
    const K = this.outputs;
    const selected = opts.outputs ? [...opts.outputs] : Array.from({ length: K }, (_, k) => k);
    for (const k of selected)
      if (!(Number.isInteger(k) && k >= 0 && k < K))
        throw new KiteError('INVALID_ARGUMENT', `outputs: ${k} is not an output index (the model has ${K})`);
    const multi = K > 1 || opts.outputs !== undefined;
    const values: number[][][] = [];
    for (let i = 0; i < Xd.rows; i++) {
      const x = rowOf(Xd, i);
      const acts = trace(this.network, x);
      const perOutput = selected.map((k) => this.rowValues(x, acts, k));
      values.push(Array.from({ length: Xd.cols }, (_, j) => perOutput.map((p) => p[j] as number)));
    }
    if (opts.checkAdditivity ?? true) await this.checkAdditivity(Xd, values, selected);
    const base = selected.map((k) => this.expected[k] as number);
    const names = this.options.outputNames;
    return new Explanation({
      values: multi ? values : values.map((v) => v.map((c) => c[0] as number)),
      baseValues: multi ? values.map(() => base) : values.map(() => base[0] as number),
      data: Array.from({ length: Xd.rows }, (_, i) => Array.from(rowOf(Xd, i))),
      ...(this.options.featureNames ? { featureNames: this.options.featureNames } : {}),
      ...(this.network.inputShape ? { featureShape: this.network.inputShape } : {}),
      ...(multi && names && names.length === K
        ? { outputNames: selected.map((k) => names[k] as string) }
        : {}),
      computeTime: (performance.now() - t0) / 1000,
      algorithm: this.algorithm,
    });
  }

  private async checkAdditivity(X: DenseMatrix, values: number[][][], selected: number[]): Promise<void> {
    const out = await this.modelOutputs(X);
    const K = this.outputs;
    let worst = 0;
    values.forEach((row, i) => {
      selected.forEach((k, s) => {
        const sum = row.reduce((p, cell) => p + (cell[s] as number), this.expected[k] as number);
        worst = Math.max(worst, Math.abs((out[i * K + k] as number) - sum));
      });
    });
    if (!(worst < DEEP_TOLERANCE)) {
      throw new KiteError(
        'INVALID_DATA',
        `the SHAP values do not sum up to the model's output: max |f(x) − (E + Σφ)| = ${worst} ≥ tolerance ${DEEP_TOLERANCE}`,
        {
          hint: 'a layer may compute something DeepExplainer does not model; pass checkAdditivity: false to skip the check',
        },
      );
    }
  }
}
