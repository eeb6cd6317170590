import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputArtifact, runComponent } from '../dsl/index.js';
import { explainComponent, monitorExplanations } from './components.js';
import { Explanation } from './explanation.js';
import type { DenseMatrix } from './matrix.js';
import { parseTable } from './table.js';

describe('pipeline components', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kite-explain-'));
  const csv = ['a,b,c', ...Array.from({ length: 30 }, (_, i) => `${i % 5},${(i * 7) % 3},${i / 10}`)].join(
    '\n',
  );
  writeFileSync(join(dir, 'data.csv'), csv);
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ w: [1, -2, 0.5] }));

  it('explain-model writes an Explanation artifact and an HTML page of plots', async () => {
    const explain = explainComponent({
      load: (m) => {
        const { w } = JSON.parse(readFileSync(m.path, 'utf8')) as { w: number[] };
        return (b: DenseMatrix) =>
          Array.from({ length: b.rows }, (_, r) =>
            w.reduce((s, wj, j) => s + wj * (b.data[r * b.cols + j] as number), 0),
          );
      },
    });
    const run = await runComponent(
      explain,
      {
        model: inputArtifact(join(dir, 'model.json')),
        data: inputArtifact(join(dir, 'data.csv')),
        background: 20,
        rows: 5,
      },
      { dir: join(dir, 'out') },
    );
    expect(run.result).toEqual({ usedAlgorithm: 'exact', evaluations: 5 * 8 });
    const e = Explanation.fromJSON(JSON.parse(readFileSync(run.outputs.explanation!.path, 'utf8')));
    expect(e.n).toBe(5);
    expect(e.featureNames()).toEqual(['a', 'b', 'c']);
    const html = readFileSync(run.outputs.plots!.path, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('Explanation (exact)');
  });

  it('explain-model with the partition algorithm clusters the features', async () => {
    const explain = explainComponent({
      load: () => (b: DenseMatrix) =>
        Array.from(
          { length: b.rows },
          (_, r) => (b.data[r * 3] as number) * 2 - (b.data[r * 3 + 2] as number),
        ),
    });
    const run = await runComponent(
      explain,
      {
        model: inputArtifact(join(dir, 'model.json')),
        data: inputArtifact(join(dir, 'data.csv')),
        background: 20,
        rows: 3,
        algorithm: 'partition',
      },
      { dir: join(dir, 'out-partition') },
    );
    expect(run.result).toMatchObject({ usedAlgorithm: 'partition' });
    const e = Explanation.fromJSON(JSON.parse(readFileSync(run.outputs.explanation!.path, 'utf8')));
    expect(e.init.clustering).toHaveLength(2);
  });

  it('monitor-explanations flags drift between two runs', async () => {
    const mk = (shift: number) =>
      new Explanation({
        values: Array.from({ length: 40 }, (_, i) => [Math.sin(i) + shift, Math.cos(i)]),
        baseValues: new Array(40).fill(0),
        featureNames: ['x', 'y'],
      });
    writeFileSync(join(dir, 'prev.json'), JSON.stringify(mk(0)));
    writeFileSync(join(dir, 'cur.json'), JSON.stringify(mk(1)));
    const run = await runComponent(
      monitorExplanations,
      { previous: inputArtifact(join(dir, 'prev.json')), current: inputArtifact(join(dir, 'cur.json')) },
      { dir: join(dir, 'mon') },
    );
    expect(run.result).toEqual({ drifted: true, driftedFeatures: ['x'] });
    expect(JSON.parse(readFileSync(run.outputs.report!.path, 'utf8')).features).toHaveLength(2);
  });

  it('tables: CSV errors say file:line:col', () => {
    expect(() => parseTable('a,b\n1,2\n3,x', 'd.csv')).toThrow(
      /d\.csv:3:2: 'x' in column 'b' is not a number/,
    );
    expect(parseTable('[{"a":1,"b":2}]')).toEqual({ columns: ['a', 'b'], rows: [[1, 2]] });
    expect(parseTable('a,b\n1,2\n').rows).toEqual([[1, 2]]);
  });
});
