import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAction } from './main.js';
import { sourceEngine } from './source-engine.js';
import { fakeRunner } from './testing.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STORE = mkdtempSync(join(tmpdir(), 'kite-action-store-'));

function runner(inputs: Record<string, string>, extra: Parameters<typeof fakeRunner>[0] = {}) {
  return fakeRunner({
    ...extra,
    inputs: { 'working-directory': 'src/action/fixtures', root: STORE, ...inputs },
    env: { GITHUB_WORKSPACE: ROOT, ...extra.env },
  });
}

describe('runAction, local mode', () => {
  it('runs the pipeline, reports metrics and data checks, and passes the thresholds', async () => {
    const r = runner({
      pipeline: 'gated/pipeline.ts',
      params: 'rows: 10\naccuracy: 0.91',
      thresholds: 'evaluate.accuracy >= 0.9\nloss < 0.2',
      'no-cache': 'true',
    });
    const code = await runAction({ io: r.io, loadEngine: async () => sourceEngine() });
    expect(r.stdout()).not.toMatch(/::error/);
    expect(code).toBe(0);
    const out = r.outputs();
    expect(out).toMatchObject({ mode: 'local', state: 'SUCCEEDED', passed: 'true', 'run-url': '' });
    expect(JSON.parse(out.metrics ?? '')).toEqual({
      'evaluate.accuracy': 0.91,
      'evaluate.loss': 0.08999999999999997,
    });
    const summary = r.summary();
    expect(summary).toContain('### Kite · gated — ✅ passed');
    expect(summary).toMatch(
      /```mermaid\nflowchart TD\n[^`]*n(\d+)\["make-data<br\/>SUCCEEDED · \d+ ms"\][^`]*n\1 --> n/,
    );
    expect(summary).toMatch(/\| make-data \| ✅ SUCCEEDED \|/);
    expect(summary).toMatch(/\| evaluate \| accuracy \| 0\.91 \|/);
    expect(summary).toContain('| check-data | row\\_count warn when &lt; 50 | ⚠️ warn |');
    // The warning (rows 10 < 50) is annotated at its line of the checks file, as a warning.
    const warning = r.commands().find((c) => c.command === 'warning');
    expect(warning?.properties).toMatchObject({ file: 'src/action/fixtures/gated/checks.yml', line: '3' });
  });

  it('fails on a metric below its threshold and on warnings with data-checks: warnings', async () => {
    const r = runner({
      pipeline: 'gated/pipeline.ts',
      params: '{"rows": 10, "accuracy": 0.5}',
      thresholds: 'accuracy >= 0.8',
      'data-checks': 'warnings',
    });
    expect(await runAction({ io: r.io, loadEngine: async () => sourceEngine() })).toBe(1);
    const errors = r.commands().filter((c) => c.command === 'error');
    expect(errors.map((e) => e.properties.title)).toEqual(['metric gate failed', 'data check warned']);
    expect(errors[0]?.message).toBe('evaluate.accuracy = 0.5, required >= 0.8');
    expect(r.outputs()).toMatchObject({ state: 'SUCCEEDED', passed: 'false' });
    expect(r.summary()).toContain('❌ failed');
  });

  it('points a failed data check at its line of the checks file, re-scanning the discarded result', async () => {
    const r = runner({ pipeline: 'gated/pipeline.ts', params: 'rows: 0' });
    expect(await runAction({ io: r.io, loadEngine: async () => sourceEngine() })).toBe(1);
    const errors = r.commands().filter((c) => c.command === 'error');
    expect(errors.map((e) => e.properties.title)).toEqual(['task check-data failed', 'data check failed']);
    expect(errors[1]?.properties).toMatchObject({ file: 'src/action/fixtures/gated/checks.yml', line: '2' });
    expect(errors[1]?.message).toBe('check-data: row_count > 0');
    expect(r.summary()).toContain('| check-data | row\\_count &gt; 0 | ❌ fail |');
    expect(r.outputs()).toMatchObject({ state: 'FAILED', passed: 'false' });
  });

  it('points a failed task at the line of user code that threw', async () => {
    const r = runner({ pipeline: 'gated/pipeline.ts', params: 'crash: true' });
    expect(await runAction({ io: r.io, loadEngine: async () => sourceEngine() })).toBe(1);
    const error = r.commands().find((c) => c.command === 'error');
    expect(error?.properties.title).toBe('task evaluate failed');
    expect(error?.message).toContain('the model diverged');
    expect(error?.properties.file).toBe('src/action/fixtures/gated/pipeline.ts');
    const text = readFileSync(`${FIXTURES}gated/pipeline.ts`, 'utf8').split('\n');
    expect(Number(error?.properties.line)).toBe(text.findIndex((l) => l.includes('the model diverged')) + 1);
    expect(r.outputs()).toMatchObject({ state: 'FAILED', passed: 'false' });
  });

  it('reports every input mistake at once and runs nothing', async () => {
    const r = runner({ pipeline: '', mode: 'cloud', timeout: 'soon', params: '- 1' });
    let loaded = false;
    const code = await runAction({
      io: r.io,
      loadEngine: async () => {
        loaded = true;
        return sourceEngine();
      },
    });
    expect(code).toBe(1);
    expect(loaded).toBe(false);
    const error = r.commands().find((c) => c.command === 'error');
    for (const part of [
      'pipeline: required',
      "mode: must be local | kubeflow, got 'cloud'",
      'timeout:',
      'params:',
    ])
      expect(error?.message).toContain(part);
    expect(r.outputs()).toMatchObject({ state: 'ERROR', passed: 'false' });
  });

  it('annotates the pipeline file when it does not load', async () => {
    const r = runner({ pipeline: 'gated/missing.ts' });
    expect(await runAction({ io: r.io, loadEngine: async () => sourceEngine() })).toBe(1);
    const error = r.commands().find((c) => c.command === 'error');
    expect(error?.message).toContain('no such file: gated/missing.ts');
    expect(error?.properties.file).toBe('src/action/fixtures/gated/missing.ts');
  });
});
