import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Explanation } from '../../explain/index.js';
import type { CliIo } from '../command.js';
import { explainCompareCommand, explainPlotCommand } from './explain.js';

const dir = mkdtempSync(join(tmpdir(), 'kite-explain-cli-'));
const mk = (shift: number) =>
  new Explanation({
    values: Array.from({ length: 40 }, (_, i) => [Math.sin(i) + shift, Math.cos(i)]),
    baseValues: new Array(40).fill(0.5),
    data: Array.from({ length: 40 }, (_, i) => [i, i % 3]),
    featureNames: ['age', 'income'],
  });
writeFileSync(join(dir, 'a.json'), JSON.stringify(mk(0)));
writeFileSync(join(dir, 'b.json'), JSON.stringify(mk(1)));

function io(): CliIo & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    stdout: (t) => out.push(t),
    stderr: () => {},
    isTty: false,
    cwd: dir,
    env: {},
    signal: new AbortController().signal,
  };
}

describe('kite explain', () => {
  it('plot writes SVG for each kind', async () => {
    for (const kind of ['waterfall', 'bar', 'beeswarm', 'heatmap', 'force']) {
      const o = io();
      expect(await explainPlotCommand.run({ positionals: ['a.json'], values: { kind } }, o)).toBe(0);
      expect(o.out.join('')).toMatch(/^<svg/);
    }
    const o = io();
    await explainPlotCommand.run(
      { positionals: ['a.json'], values: { kind: 'scatter', feature: 'age', out: 'age.svg' } },
      o,
    );
    expect(readFileSync(join(dir, 'age.svg'), 'utf8')).toContain('SHAP value for age');
    await expect(
      explainPlotCommand.run({ positionals: ['a.json'], values: { kind: 'pie' } }, io()),
    ).rejects.toThrow(/unknown plot kind/);
    await expect(explainPlotCommand.run({ positionals: ['nope.json'], values: {} }, io())).rejects.toThrow(
      /cannot read explanation/,
    );
  });

  it('compare exits 1 on drift and prints the report', async () => {
    const o = io();
    expect(await explainCompareCommand.run({ positionals: ['a.json', 'b.json'], values: {} }, o)).toBe(1);
    expect(o.out.join('')).toContain('attribution drift in age');
    const same = io();
    expect(
      await explainCompareCommand.run({ positionals: ['a.json', 'a.json'], values: { json: '-' } }, same),
    ).toBe(0);
    expect(JSON.parse(same.out.join('')).drifted).toBe(false);
  });
});
