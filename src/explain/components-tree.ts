/**
 * `explain-tree-model`: exact SHAP values of a tree ensemble file (Kite's {@link TreeEnsemble}
 * JSON, an XGBoost model JSON, or a LightGBM `dump_model()` JSON) on a table (CSV with header or
 * JSON rows), with shap's TreeExplainer conventions: the first `background` rows are the
 * background of the interventional algorithm (0: path-dependent over the model's covers).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { KiteError } from '../core/index.js';
import { artifact, component, param } from '../dsl/index.js';
import { plotsPage } from './components.js';
import { barPlot } from './plots/bar.js';
import { beeswarmPlot } from './plots/beeswarm.js';
import { waterfallPlot } from './plots/waterfall.js';
import { readTable } from './table.js';
import { TreeExplainer } from './tree.js';
import { fromLightgbmJson, fromXgboostJson } from './tree-loaders.js';
import { isTreeEnsemble, type TreeEnsemble } from './tree-model.js';

/** The model file formats `explain-tree-model` reads. */
export const TREE_MODEL_FORMATS = ['kite', 'xgboost', 'lightgbm'] as const;

/** Reads a tree model file in one of {@link TREE_MODEL_FORMATS}. */
export function readTreeModel(path: string, format: string): TreeEnsemble {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new KiteError('INVALID_DATA', `${path}: not a JSON model file (${(e as Error).message})`, {
      cause: e,
    });
  }
  if (format === 'xgboost') return fromXgboostJson(json);
  if (format === 'lightgbm') return fromLightgbmJson(json);
  if (format === 'kite') {
    if (!isTreeEnsemble(json))
      throw new KiteError('INVALID_DATA', `${path}: expected { "trees": [{ "childrenLeft": [...], ... }] }`);
    return json;
  }
  throw new KiteError('INVALID_ARGUMENT', `unknown tree model format '${format}'`, {
    hint: `use one of ${TREE_MODEL_FORMATS.join(', ')}`,
  });
}

/** The `explain-tree-model` component. */
export const explainTreeModel = component({
  name: 'explain-tree-model',
  description: 'Exact SHAP values (TreeSHAP) of a tree ensemble on a table',
  inputs: {
    model: artifact.model({ description: 'tree model JSON (kite, xgboost or lightgbm)' }),
    data: artifact.dataset({ description: 'CSV with header or JSON rows; the model features' }),
    modelFormat: param.string({ default: 'kite', description: 'kite, xgboost or lightgbm' }),
    background: param.integer({ default: 100, description: 'background rows (0: path-dependent)' }),
    rows: param.integer({ default: 100, description: 'rows to explain (after the background)' }),
    approximate: param.boolean({ default: false, description: 'Saabas values instead of SHAP' }),
  },
  outputs: {
    explanation: artifact.artifact({ description: 'kite.explanation/v1 JSON' }),
    plots: artifact.html(),
    usedAlgorithm: param.string(),
  },
  run: async (i, ctx) => {
    const model = readTreeModel(i.model.path, i.modelFormat);
    const table = readTable(i.data.path);
    const bg = table.rows.slice(0, Math.max(0, i.background));
    const rest = table.rows.slice(bg.length);
    const X = (rest.length > 0 ? rest : table.rows).slice(0, i.rows);
    const explainer = new TreeExplainer(model, bg.length > 0 ? bg : undefined, {
      featureNames: model.featureNames ?? table.columns,
    });
    const e = await explainer.explain(X, { approximate: i.approximate });
    const algorithm = e.init.algorithm ?? 'tree';
    ctx.log.info(`explained ${X.length} rows with ${algorithm}`);
    writeFileSync(ctx.outputs.explanation.path, JSON.stringify(e));
    const single = e.multiOutput ? e.output(0) : e;
    const svgs = [
      { heading: 'Mean |SHAP value|', svg: barPlot(single) },
      { heading: 'Beeswarm', svg: beeswarmPlot(single) },
      { heading: 'Row 0', svg: waterfallPlot(single, { row: 0 }) },
    ];
    writeFileSync(ctx.outputs.plots.path, plotsPage(`Explanation (${algorithm})`, svgs));
    return { usedAlgorithm: algorithm };
  },
});
