import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputArtifact, runComponent } from '../dsl/index.js';
import { checkData } from './components.js';
import { runGate } from './gate.js';

let dir: string;
let data: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-gate-'));
  // No extension, as KFP artifact paths have none: the format is sniffed.
  data = join(dir, 'data');
  writeFileSync(data, 'x,y\n1,a\n2,b\n3,\n');
});

describe('check-data component', () => {
  it('passes the data through and writes the scan JSON and Markdown report', async () => {
    const out = join(dir, 'ok');
    const { outputs } = await runComponent(
      checkData,
      {
        data: inputArtifact(data),
        checks: 'checks for dataset:\n  - row_count = 3\n  - missing_count(y) < 2\n',
      },
      { dir: out },
    );
    expect(readFileSync(outputs.checked!.path, 'utf8')).toBe(readFileSync(data, 'utf8'));
    const scan = JSON.parse(readFileSync(outputs.scan!.path, 'utf8'));
    expect(scan.checks.map((c: { outcome: string }) => c.outcome)).toEqual(['pass', 'pass']);
    expect(readFileSync(outputs.report!.path, 'utf8')).toContain('All is good.');
  });

  it('fails the task on failed checks, after writing the report', async () => {
    const out = join(dir, 'bad');
    await expect(
      runComponent(
        checkData,
        { data: inputArtifact(data), checks: 'checks for dataset:\n  - missing_count(y) = 0\n' },
        { dir: out },
      ),
    ).rejects.toThrow(/data-quality gate closed: 1 check\(s\) failed/);
    expect(readFileSync(join(out, 'report'), 'utf8')).toContain('❌ fail');
    expect(existsSync(join(out, 'checked'))).toBe(false);
  });

  it('fails on unevaluated checks by default, and on warnings only when asked', async () => {
    const notEvaluated = 'checks for dataset:\n  - avg(x) > 0:\n      filter: x > 100\n';
    expect((await runGate({ dataPath: data, table: 'dataset', checks: notEvaluated })).passed).toBe(false);
    expect(
      (await runGate({ dataPath: data, table: 'dataset', checks: notEvaluated, failOnNotEvaluated: false }))
        .passed,
    ).toBe(true);
    const warn = 'checks for dataset:\n  - row_count:\n      warn: when < 10\n';
    expect((await runGate({ dataPath: data, table: 'dataset', checks: warn })).passed).toBe(true);
    const strict = await runGate({ dataPath: data, table: 'dataset', checks: warn, failOnWarnings: true });
    expect(strict.reasons).toEqual(['1 check(s) warned (failOnWarnings)']);
  });

  it('reads a checks file by path', async () => {
    const file = join(dir, 'checks.yml');
    writeFileSync(file, 'checks for t:\n  - row_count = 3\n');
    const gate = await runGate({ dataPath: data, table: 't', checks: file });
    expect(gate.passed).toBe(true);
    expect(gate.result.checks[0]!.location.filePath).toBe(file);
  });
});
