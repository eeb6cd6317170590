import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputArtifact, runComponent } from '../dsl/index.js';
import { explainTreeModel, readTreeModel } from './components-tree.js';
import { Explanation } from './explanation.js';

const dir = mkdtempSync(join(tmpdir(), 'kite-explain-tree-'));
// the AND tree of the TreeSHAP paper (case T1)
const andTree = {
  trees: [
    {
      childrenLeft: [1, -1, 3, -1, -1],
      childrenRight: [2, -1, 4, -1, -1],
      feature: [1, -2, 0, -2, -2],
      threshold: [0.5, -2, 0.5, -2, -2],
      value: [20, 0, 40, 0, 80],
      nodeSampleWeight: [4, 2, 2, 1, 1],
    },
  ],
};
writeFileSync(join(dir, 'and.json'), JSON.stringify(andTree));
writeFileSync(join(dir, 'data.csv'), 'x0,x1\n0,0\n0,1\n1,0\n1,1\n');

describe('explain-tree-model component', () => {
  it('path-dependent without background: the T1 values, feature names from the CSV header', async () => {
    const run = await runComponent(
      explainTreeModel,
      {
        model: inputArtifact(join(dir, 'and.json')),
        data: inputArtifact(join(dir, 'data.csv')),
        background: 0,
      },
      { dir: join(dir, 'out-pd') },
    );
    expect(run.result).toEqual({ usedAlgorithm: 'tree (tree_path_dependent)' });
    const e = Explanation.fromJSON(JSON.parse(readFileSync(run.outputs.explanation!.path, 'utf8')));
    expect(e.values).toEqual([
      [-10, -10],
      [-30, 10],
      [10, -30],
      [30, 30],
    ]);
    expect(e.featureNames()).toEqual(['x0', 'x1']);
    expect(readFileSync(run.outputs.plots!.path, 'utf8')).toContain('<svg');
  });

  it('interventional with background rows, Saabas on request', async () => {
    const run = await runComponent(
      explainTreeModel,
      {
        model: inputArtifact(join(dir, 'and.json')),
        data: inputArtifact(join(dir, 'data.csv')),
        background: 2,
        approximate: true,
      },
      { dir: join(dir, 'out-iv') },
    );
    expect(run.result).toEqual({ usedAlgorithm: 'tree (saabas)' });
  });

  it('reads the formats it names and says what is wrong otherwise', () => {
    expect(readTreeModel(join(dir, 'and.json'), 'kite').trees).toHaveLength(1);
    expect(() => readTreeModel(join(dir, 'and.json'), 'onnx')).toThrow(/unknown tree model format 'onnx'/);
    expect(() => readTreeModel(join(dir, 'and.json'), 'xgboost')).toThrow(/not an XGBoost model JSON/);
    expect(() => readTreeModel(join(dir, 'data.csv'), 'kite')).toThrow(/data\.csv: not a JSON model file/);
  });
});
