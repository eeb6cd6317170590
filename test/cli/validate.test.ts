import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../src/cli/run-captured.js';

const root = new URL('../../', import.meta.url).pathname;
const golden = (name: string) => readFileSync(join(root, 'src/ir/fixtures/golden', name), 'utf8');

describe('kite validate', () => {
  it('accepts an SDK-compiled pipeline and rejects a broken one with file:line:column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-validate-'));
    writeFileSync(join(dir, 'ok.yaml'), golden('pipeline_with_condition.yaml'));
    const ok = await runCliCaptured(['validate', 'ok.yaml'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/valid PipelineSpec 'single-condition-pipeline'/);

    const broken = golden('pipeline_with_condition.yaml')
      .replace('schemaVersion: 2.1.0', 'schemaVersion: 2.0.0')
      .replace('name: comp-print-op-3', 'name: comp-missing');
    writeFileSync(join(dir, 'bad.yaml'), broken);
    const bad = await runCliCaptured(['validate', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect(bad.stderr).toMatch(/2\.1\.0/);
    expect(bad.stderr).toMatch(/comp-missing/);
    expect(bad.stderr).toMatch(/the KFP backend would reject it/);
    const json = await runCliCaptured(['validate', 'bad.yaml', '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout).valid).toBe(false);
  });
});
