/**
 * # explain (layer 3): SHAP explanations in TypeScript
 *
 * Model-agnostic explanations with shap's algorithms, vocabulary and numbers
 * (`../shared/notes/shap.md` is the reference; the conformance cases are in the tests).
 *
 * **Main types.**
 * - {@link Model}: `(batch) => outputs`, sync or async; batches are `number[][]` or a
 *   {@link DenseMatrix} for tables and images, `string[]` for text. Outputs: one number per row,
 *   rows of numbers (multi-output), a flat typed array or a DenseMatrix ({@link readOutputs}
 *   checks shape and NaN).
 * - {@link Explanation}: `values` (n, M[, K]), `baseValues` (n[, K]), `data`, `featureNames`,
 *   `outputNames`, `clustering`, `hierarchicalValues`; JSON round-trip (`toJSON`/`fromJSON`).
 * - Maskers ({@link Masker} → {@link BoundMasker}): {@link IndependentMasker} and
 *   {@link PartitionMasker} (tables, background averaging, correlation clustering),
 *   {@link ValuesMasker} (rows with strings/nulls: categories as the model takes them),
 *   {@link TextMasker} (tokens, mask token, collapse, token hierarchy),
 *   {@link ImageMasker} (blur / constant / background image, region hierarchy).
 * - Explainers: {@link ExactExplainer} (Gray code; exact Owen with a hierarchy),
 *   {@link PermutationExplainer} (antithetic), {@link PartitionExplainer} (Owen values, budget),
 *   {@link KernelExplainer} (shap's coalition plan, constrained WLS, `l1Reg`, links),
 *   {@link GradientExplainer} (expected gradients over a `gradient(batch, output)` function),
 *   {@link TreeExplainer} (tree ensembles in sklearn's array layout, {@link TreeEnsemble}:
 *   path-dependent TreeSHAP, interventional TreeSHAP over a background, Saabas with
 *   `approximate`, shap's `assert_additivity` rule; {@link fromXgboostJson} and
 *   {@link fromLightgbmJson} load boosted models), {@link DeepExplainer} (Deep SHAP: DeepLIFT
 *   rescale averaged over a background, for TF.js Dense/activation stacks and CNNs (Conv2D,
 *   max/average/global pooling, batch norm: `deep-conv.ts`, max pooling by shap's rule) read by
 *   {@link networkFromTf}, or a plain {@link DenseNetwork}; RNNs refused as in shap; checked
 *   against shap's TF DeepExplainer in `deep-reference.test.ts`, fixtures from
 *   `bench/explain/make-deep-fixtures.py`),
 *   and {@link Explainer}, which picks one as shap's `Explainer(algorithm="auto")` does (tree
 *   ensembles → tree; a TF.js model → deep only when asked, else a callable via
 *   {@link tfModelFunction}).
 *   Options shared by the mask explainers: `link`, `linearizeLink`, `batchSize`, `seed`
 *   ({@link createRng}), and `outputs` (indices or `{ top: k }`, shap's `outputs=`; the
 *   Explanation then carries `outputIndexes`). {@link numericGradient} turns any forward model
 *   into a gradient function.
 * - Plots (standalone SVG strings): {@link waterfallPlot}, {@link barPlot},
 *   {@link beeswarmPlot}, {@link heatmapPlot}, {@link forcePlot}, {@link scatterPlot}, {@link imagePlot},
 *   {@link textPlot}.
 * - Monitoring: {@link compareAttributions} (per-feature t-test between two windows, Bonferroni
 *   or Holm → drift report + flag) and {@link scanSplits} (shap's monitoring split scan).
 * - Pipeline components (`components*.ts`, the only files importing `dsl`):
 *   {@link explainComponent} (model loader in, tabular data, Explanation JSON + HTML plots
 *   out), {@link explainTreeModel} (`explain-tree-model`: a Kite / XGBoost / LightGBM tree JSON
 *   on a table, TreeSHAP), {@link explainSavedModel} (`explain-saved-model`: a model saved by the models module on
 *   images / text / tables in any models dataset format, prepared by the model card; the models
 *   module and TF.js are imported only when it runs) and {@link monitorExplanations} (previous vs
 *   current explanation → drift report + flag).
 *
 * **How it fits together.** Every mask-based explainer extends `MaskExplainer` and implements
 * one `explainRow`; all model calls go through `MaskedModel`, which builds the batch with the
 * bound masker, calls the model in batches of `batchSize` masks, re-runs only the background
 * rows a mask change can affect (delta evaluation, tabular maskers), averages rows with shap's
 * link linearisation (`linearizeLink`), and counts masks/rows/calls/model time
 * (`explainer.stats`).
 *
 * **Extension points.** A new masker implements {@link Masker} (`bind(row)` → `build(masks)`);
 * a new mask-based explainer extends `MaskExplainer`; a TF.js model plugs in as a `Model` and,
 * for gradients, as a {@link GradientFn} (`tf.grad`). Tree and Deep explainers are not mask-based:
 * a new tree format is a loader producing {@link TreeEnsemble} arrays; a new layer kind for Deep
 * SHAP is a `DeepLayer` variant with its forward (`applyLayer`) and multiplier rule (`deep.ts`).
 *
 * **Known differences from shap / left to do.** Random draws use Kite's seeded RNG (numbers
 * from sampled regimes match shap statistically, not digit for digit). `l1Reg: 'aic' | 'bic'`
 * re-implements sklearn's LassoLarsIC (lasso-LARS path + information criterion); ties in the
 * path may break differently from sklearn. The image hierarchy numbers leaves by flat pixel
 * index (as the notes state); text hierarchy distances are group size / max size. Deep SHAP is
 * computed in Float64 from the model's weights (the additivity check uses the TF.js model's own
 * float32 output). Left to do: inpainting maskers (need OpenCV), the Linear explainer,
 * interaction values (Tree and Exact), TreeExplainer's `model_output` "probability"/"log_loss",
 * categorical splits, a check of the XGBoost loader against a real xgboost file (xgboost was not
 * installable where it was written; LightGBM and sklearn are checked against shap in
 * `tree-reference.test.ts`, fixtures from `bench/explain/make-tree-fixtures.py`), Deep SHAP for
 * depthwise/separable/dilated convolutions and multi-input models (use GradientExplainer there);
 * the conv layers are checked by summation-to-delta, TF.js's forward pass and a conv-as-Dense
 * equivalence, not against shap's numbers (no TensorFlow here to run shap's DeepExplainer on a
 * CNN); Deep SHAP on CNNs is plain JS Float64: 2.0 s for one 28×28 image, 10 outputs, 10
 * background rows, conv 32/64 + dense 128 (measured on the loaded 2-core dev machine), shap's optimal
 * leaf ordering in the heatmap, and string features with the partition masker.
 *
 * @example
 * ```ts
 * import { Explainer, waterfallPlot } from 'kite/explain';
 * const explainer = new Explainer((X: number[][]) => X.map((x) => 3 * x[0]! - x[1]!), background);
 * const explanation = await explainer.explain(rows);
 * const svg = waterfallPlot(explanation, { row: 0 });
 * ```
 */
export { type ExplainerOptions, MaskExplainer, type RowResult } from './base.js';
export { bruteForceOwen, bruteForceShapley, type Game, maxAbsDiff } from './brute-force.js';
export { balancedLinkage, checkLinkage, type HclustOptions, hclust, leavesOf } from './cluster.js';
export {
  type ExplainComponentOptions,
  explainComponent,
  monitorExplanations,
  plotsPage,
} from './components.js';
export { explainSavedModel } from './components-saved.js';
export { explainTreeModel, readTreeModel, TREE_MODEL_FORMATS } from './components-tree.js';
export {
  DEEP_TOLERANCE,
  DeepExplainer,
  type DeepExplainOptions,
  type DeepOptions,
} from './deep.js';
export {
  ACTIVATION_NAMES,
  type ActivationName,
  type DeepLayer,
  type DenseNetwork,
  forward,
  isTfModel,
  networkFromTf,
  type TfModelLike,
} from './deep-network.js';
export { ExactExplainer, type ExactOptions, grayCodeMasks, shapleyCoefficients } from './exact.js';
export {
  ALGORITHMS,
  type Algorithm,
  type AutoExplainerOptions,
  chooseAlgorithm,
  type ExplainableModel,
  Explainer,
} from './explainer.js';
export { Explanation, type ExplanationInit, type ExplanationJson } from './explanation.js';
export { GradientExplainer, type GradientFn, type GradientOptions } from './gradient.js';
export {
  KernelExplainer,
  type KernelExplainOptions,
  type KernelOptions,
  type WeightedData,
} from './kernel.js';
export { type KernelPlan, kernelPlan, kernelSizeWeights, resolveNsamples } from './kernel-plan.js';
export type { L1Reg } from './kernel-solve.js';
export { identityLink, type Link, logitLink } from './links.js';
export { type EvalStats, MaskedModel } from './masked-model.js';
export type { BoundMasker, Linkage, Masker } from './masker.js';
export { maskerFor, type TabularData } from './maskers/auto.js';
export { boxBlur, ImageMasker, type ImageMaskValue, imagePartitionTree } from './maskers/image.js';
export {
  IndependentMasker,
  PartitionMasker,
  type PartitionMaskerOptions,
  type TabularFormat,
  type TabularMaskerOptions,
} from './maskers/tabular.js';
export { simpleTokenizer, TextMasker, type TextMaskerOptions, type Tokenizer } from './maskers/text.js';
export { textPartitionTree } from './maskers/text-tree.js';
export { allNumeric, sameCell, type Value, ValuesMasker } from './maskers/values.js';
export { type DenseMatrix, isDenseMatrix, type MatrixLike, toDense } from './matrix.js';
export { type Model, type ModelOutput, readOutputs } from './model.js';
export {
  type CompareOptions,
  compareAttributions,
  type DriftReport,
  type FeatureDrift,
  type SplitScan,
  scanSplits,
} from './monitoring.js';
export { type OutputSelection, selectOutputs } from './outputs.js';
export { PartitionExplainer, type PartitionOptions } from './partition.js';
export { PermutationExplainer, type PermutationOptions } from './permutation.js';
export { type BarPlotOptions, barPlot } from './plots/bar.js';
export { type BeeswarmOptions, beeswarmPlot } from './plots/beeswarm.js';
export { BLUE, GRAY, RED, redBlue, redTransparentBlue, redWhiteBlue } from './plots/colors.js';
export { type ForceOptions, forcePlot } from './plots/force.js';
export { type HeatmapOptions, heatmapPlot } from './plots/heatmap.js';
export { type ImagePlotOptions, imagePlot } from './plots/image.js';
export { type ScatterOptions, scatterPlot } from './plots/scatter.js';
export { type TextPlotOptions, textPlot } from './plots/text.js';
export { type RowPlotOptions, waterfallPlot } from './plots/waterfall.js';
export { createRng, type Rng } from './rng.js';
export { type KmeansOptions, kmeans, sample } from './summarize.js';
export { parseTable, readTable, type Table } from './table.js';
export { isTfPredictor, type TfPredictor, tfModelFunction } from './tf-model.js';
export {
  additivityFailures,
  FEATURE_PERTURBATIONS,
  type FeaturePerturbation,
  TreeExplainer,
  type TreeExplainOptions,
  type TreeOptions,
} from './tree.js';
export { treeShapInterventional } from './tree-interventional.js';
export { fromLightgbmJson, fromXgboostJson } from './tree-loaders.js';
export {
  compileEnsemble,
  isTreeEnsemble,
  type PackedEnsemble,
  type PackedTree,
  predictEnsemble,
  type TreeArrays,
  type TreeEnsemble,
} from './tree-model.js';
export { pathExpectation, saabas, treeShapPath } from './tree-path.js';
