/**
 * `explain-saved-model`: explains a model saved by the models module (the `train-model`
 * artifact: TF.js weights plus a model card) on a dataset artifact in any format the models
 * module opens, preparing inputs exactly as the card says (`collateFor`):
 * - images (`idx`, `image-folder`) → {@link PartitionExplainer} over an {@link ImageMasker}
 *   (blur by default), top-`topOutputs` classes, an image heatmap plot;
 * - text (`glue:<task>`) → {@link PartitionExplainer} over a {@link TextMasker} (words), every
 *   class, text highlighting plots;
 * - tables (`csv`) → {@link Explainer} (exact / permutation) over an {@link IndependentMasker}
 *   of the first `background` rows, bar / beeswarm / waterfall plots.
 * The models module and TensorFlow.js are imported when the component runs, not when
 * `kite/explain` is loaded.
 */
import { writeFileSync } from 'node:fs';
import { KiteError } from '../core/index.js';
import { artifact, component, param } from '../dsl/index.js';
import { plotsPage } from './components.js';
import { Explainer } from './explainer.js';
import type { Explanation } from './explanation.js';
import { ImageMasker, type ImageMaskValue } from './maskers/image.js';
import { IndependentMasker } from './maskers/tabular.js';
import { TextMasker } from './maskers/text.js';
import type { DenseMatrix } from './matrix.js';
import { PartitionExplainer } from './partition.js';
import { barPlot } from './plots/bar.js';
import { beeswarmPlot } from './plots/beeswarm.js';
import { imagePlot } from './plots/image.js';
import { textPlot } from './plots/text.js';
import { waterfallPlot } from './plots/waterfall.js';

/** Parses the `maskValue` input: a number or `blur(h,w)`. */
function parseMaskValue(s: string): ImageMaskValue {
  if (/^blur\(\d+,\d+\)$/.test(s.replace(/\s+/g, ''))) return s.replace(/\s+/g, '') as ImageMaskValue;
  const v = Number(s);
  if (s.trim() === '' || Number.isNaN(v))
    throw new KiteError('INVALID_ARGUMENT', `maskValue ${JSON.stringify(s)}: use a number or blur(h,w)`);
  return v;
}

/** The `explain-saved-model` component. */
export const explainSavedModel = component({
  name: 'explain-saved-model',
  description: 'SHAP explanation of a saved Kite model (images, text or tables) on a dataset',
  inputs: {
    model: artifact.model({ description: 'a model directory written by train-model' }),
    data: artifact.dataset(),
    format: param.string({ default: 'image-folder', description: 'idx, image-folder, csv or glue:<task>' }),
    target: param.string({ default: 'label', description: 'csv: the target column' }),
    task: param.string({ default: 'classification', description: 'csv: classification or regression' }),
    rows: param.integer({ default: 4, description: 'examples to explain (the first ones)' }),
    background: param.integer({
      default: 50,
      description: 'csv: background rows (before the explained ones)',
    }),
    maxEvals: param.integer({ default: 500 }),
    topOutputs: param.integer({ default: 1, description: 'images: explain the top-k classes (0: all)' }),
    maskValue: param.string({ default: 'blur(8,8)', description: 'images: a number or blur(h,w)' }),
    seed: param.integer({ default: 0 }),
  },
  outputs: {
    explanation: artifact.artifact({ description: 'kite.explanation/v1 JSON' }),
    plots: artifact.html(),
    usedAlgorithm: param.string(),
    evaluations: param.integer(),
  },
  run: async (i, ctx) => {
    const models = await import('../models/index.js');
    await models.initBackend({ logger: ctx.log });
    const { model, card } = await models.loadModel(i.model.path);
    try {
      const input = (card.input ?? {}) as Record<string, unknown>;
      const size =
        input.kind === 'image' ? ([input.height as number, input.width as number] as const) : undefined;
      const opened = await models.openDataset(i.data.path, i.format, {
        target: i.target,
        task: i.task === 'regression' ? 'regression' : 'classification',
        ...(size && i.format === 'image-folder' ? { size } : {}),
        ...(card.classes ? { classes: card.classes } : {}),
      });
      const collate = models.collateFor(card) as (batch: unknown[]) => { x: unknown; y?: unknown };
      const predict = (examples: unknown[]): Float32Array => {
        const { x, y } = collate(examples) as { x: { dispose(): void }; y?: { dispose(): void } };
        const out = model.predict(x as never) as { dataSync(): Float32Array; dispose(): void };
        const data = Float32Array.from(out.dataSync());
        for (const t of [x, y, out]) t?.dispose();
        return data;
      };
      const outputNames = card.classes ? [...card.classes] : undefined;
      const seed = i.seed;
      let explanation: Explanation;
      let algorithm: string;
      let evaluations: number;
      let svgs: { heading: string; svg: string }[];
      if (opened.kind === 'image') {
        const n = Math.min(i.rows, opened.dataset.size);
        const images = await opened.dataset.read(Array.from({ length: n }, (_, k) => k));
        const first = images[0];
        if (!first) throw new KiteError('INVALID_DATA', `${i.data.path}: the dataset has no images`);
        const { height, width, channels } = first;
        const masker = new ImageMasker(parseMaskValue(i.maskValue), [height, width, channels]);
        const fn = (b: DenseMatrix) =>
          predict(
            Array.from({ length: b.rows }, (_, r) => ({
              pixels: Float32Array.from(b.data.subarray(r * b.cols, (r + 1) * b.cols)),
              height,
              width,
              channels,
              label: 0,
            })),
          );
        const ex = new PartitionExplainer(fn, masker, {
          maxEvals: i.maxEvals,
          seed,
          ...(outputNames ? { outputNames } : {}),
          ...(i.topOutputs > 0 ? { outputs: { top: i.topOutputs } } : {}),
        });
        explanation = await ex.explain(images.map((im) => im.pixels));
        algorithm = ex.algorithm;
        evaluations = ex.stats.masks;
        svgs = [{ heading: 'Image explanations', svg: imagePlot(explanation) }];
      } else if (opened.kind === 'text') {
        const texts = opened.dataset.examples
          .slice(0, i.rows)
          .map((e) => (e.textPair === undefined ? e.text : `${e.text} ${e.textPair}`));
        const fn = (batch: string[]) => predict(batch.map((text) => ({ text })));
        const ex = new PartitionExplainer(fn, new TextMasker(), {
          maxEvals: i.maxEvals,
          seed,
          ...(outputNames ? { outputNames } : {}),
        });
        explanation = await ex.explain(texts);
        algorithm = ex.algorithm;
        evaluations = ex.stats.masks;
        const K = explanation.outputs;
        svgs = texts.flatMap((_, row) =>
          Array.from({ length: K }, (_, output) => ({
            heading: `Example ${row}${outputNames ? ` — ${outputNames[output]}` : ''}`,
            svg: textPlot(explanation, { row, output }),
          })),
        );
      } else {
        const all = opened.dataset.rows;
        const bg = all.slice(0, Math.max(1, i.background));
        const rest = all.slice(bg.length);
        const X = (rest.length > 0 ? rest : all).slice(0, i.rows).map((r) => Array.from(r.features));
        const featureNames = [...opened.dataset.featureNames];
        const masker = new IndependentMasker(
          bg.map((r) => Array.from(r.features)),
          { featureNames, format: 'matrix', seed },
        );
        const fn = (b: DenseMatrix) =>
          predict(
            Array.from({ length: b.rows }, (_, r) => ({
              features: Float32Array.from(b.data.subarray(r * b.cols, (r + 1) * b.cols)),
              target: 0,
            })),
          );
        const ex = new Explainer<ArrayLike<number>, DenseMatrix>(fn, masker, {
          seed,
          ...(masker.size > 10 ? { maxEvals: i.maxEvals } : {}),
          ...(outputNames ? { outputNames } : {}),
        });
        explanation = await ex.explain(X);
        algorithm = ex.algorithm;
        evaluations = ex.evaluations;
        const single = explanation.multiOutput ? explanation.output(explanation.outputs - 1) : explanation;
        svgs = [
          { heading: 'Mean |SHAP value|', svg: barPlot(single) },
          { heading: 'Beeswarm', svg: beeswarmPlot(single) },
          { heading: 'Row 0', svg: waterfallPlot(single, { row: 0 }) },
        ];
      }
      ctx.log.info(`explained ${explanation.n} ${opened.kind} examples with the ${algorithm} explainer`);
      writeFileSync(ctx.outputs.explanation.path, JSON.stringify(explanation));
      writeFileSync(ctx.outputs.plots.path, plotsPage(`Explanation (${algorithm}, ${opened.kind})`, svgs));
      return { usedAlgorithm: algorithm, evaluations };
    } finally {
      model.dispose();
    }
  },
});
