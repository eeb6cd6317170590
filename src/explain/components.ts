/**
 * Ready-made pipeline components: explain a tabular model on a dataset (→ an Explanation JSON
 * artifact and an HTML page of SVG plots), and compare an explanation with a previous run's
 * (→ a drift report and a flag). Models are loaded by a user-supplied function, so any model
 * format (TensorFlow.js, ONNX, a JSON of coefficients) fits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type AnyComponent, artifact, component, type InputArtifact, param } from '../dsl/index.js';
import { Explainer } from './explainer.js';
import { Explanation } from './explanation.js';
import { IndependentMasker, PartitionMasker } from './maskers/tabular.js';
import type { DenseMatrix } from './matrix.js';
import type { Model } from './model.js';
import { compareAttributions } from './monitoring.js';
import { barPlot } from './plots/bar.js';
import { beeswarmPlot } from './plots/beeswarm.js';
import { esc } from './plots/svg.js';
import { waterfallPlot } from './plots/waterfall.js';
import { readTable } from './table.js';

/** Options of {@link explainComponent}. */
export interface ExplainComponentOptions {
  /** Component name (default 'explain-model'). */
  name?: string;
  /** Turns the model artifact into a model over typed-array batches. */
  load: (model: InputArtifact) => Model<DenseMatrix> | Promise<Model<DenseMatrix>>;
}

/** An HTML page embedding SVG plots. */
export function plotsPage(title: string, svgs: readonly { heading: string; svg: string }[]): string {
  const body = svgs.map((s) => `<section><h2>${esc(s.heading)}</h2>\n${s.svg}\n</section>`).join('\n');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${esc(title)}</title></head>\n<body style="font-family:sans-serif">\n<h1>${esc(title)}</h1>\n${body}\n</body></html>\n`;
}

/**
 * Builds the explain component for a model format.
 *
 * @example
 * ```ts
 * const explain = explainComponent({ load: async (m) => loadMyModel(m.path) });
 * // in build: explain({ model: trained.outputs.model, data: checked.outputs.data })
 * ```
 */
export function explainComponent(options: ExplainComponentOptions): AnyComponent {
  return component({
    name: options.name ?? 'explain-model',
    description: 'SHAP explanation of a model on a dataset (shap algorithm auto-selection)',
    inputs: {
      model: artifact.model(),
      data: artifact.dataset({ description: 'CSV with header or JSON rows; numeric features' }),
      background: param.integer({ default: 100, description: 'background rows (first rows of data)' }),
      rows: param.integer({ default: 100, description: 'rows to explain (after the background)' }),
      algorithm: param.string({ default: 'auto' }),
      maxEvals: param.integer({ default: 500 }),
      seed: param.integer({ default: 0 }),
    },
    outputs: {
      explanation: artifact.artifact({ description: 'kite.explanation/v1 JSON' }),
      plots: artifact.html(),
      usedAlgorithm: param.string(),
      evaluations: param.integer(),
    },
    run: async (inputs, ctx) => {
      const table = readTable(inputs.data.path);
      const bg = table.rows.slice(0, Math.max(1, inputs.background));
      const rest = table.rows.slice(bg.length);
      const X = (rest.length > 0 ? rest : table.rows).slice(0, inputs.rows);
      const model = await options.load(inputs.model);
      const maskerOptions = { featureNames: table.columns, format: 'matrix' as const, seed: inputs.seed };
      // a partition explanation needs the feature hierarchy (correlation clustering, as shap)
      const masker =
        inputs.algorithm === 'partition'
          ? new PartitionMasker(bg, maskerOptions)
          : new IndependentMasker(bg, maskerOptions);
      const explainer = new Explainer<ArrayLike<number>, DenseMatrix>(model, masker, {
        algorithm: inputs.algorithm as 'auto',
        seed: inputs.seed,
        ...(inputs.algorithm === 'exact' || (inputs.algorithm === 'auto' && masker.size <= 10)
          ? {}
          : { maxEvals: inputs.maxEvals }),
      });
      ctx.log.info(`explaining ${X.length} rows with the ${explainer.algorithm} explainer`);
      const e = await explainer.explain(X);
      writeFileSync(ctx.outputs.explanation.path, JSON.stringify(e));
      const svgs = [
        { heading: 'Mean |SHAP value|', svg: barPlot(e) },
        { heading: 'Beeswarm', svg: beeswarmPlot(e) },
        { heading: 'Row 0', svg: waterfallPlot(e, { row: 0 }) },
      ];
      writeFileSync(ctx.outputs.plots.path, plotsPage(`Explanation (${explainer.algorithm})`, svgs));
      return { usedAlgorithm: explainer.algorithm, evaluations: explainer.evaluations };
    },
  });
}

/**
 * Compares an explanation with a previous one (attribution drift).
 *
 * @example
 * ```ts
 * monitorExplanations({ previous: lastRun.outputs.explanation, current: explained.outputs.explanation });
 * ```
 */
export const monitorExplanations = component({
  name: 'monitor-explanations',
  description:
    'Per-feature t-test of attributions between two explanations, with a multiple-comparison correction',
  inputs: {
    previous: artifact.artifact(),
    current: artifact.artifact(),
    alpha: param.number({ default: 0.05 }),
    correction: param.string({ default: 'bonferroni' }),
  },
  outputs: {
    report: artifact.artifact({ description: 'drift report JSON' }),
    drifted: param.boolean(),
    driftedFeatures: param.list<string>(),
  },
  run: (inputs, ctx) => {
    const load = (a: InputArtifact) => Explanation.fromJSON(JSON.parse(readFileSync(a.path, 'utf8')));
    const report = compareAttributions(load(inputs.previous), load(inputs.current), {
      alpha: inputs.alpha,
      correction: inputs.correction === 'holm' ? 'holm' : 'bonferroni',
    });
    writeFileSync(ctx.outputs.report.path, JSON.stringify(report, null, 2));
    if (report.drifted) ctx.log.warn(`attribution drift in ${report.driftedFeatures.join(', ')}`);
    return { drifted: report.drifted, driftedFeatures: report.driftedFeatures };
  },
});
