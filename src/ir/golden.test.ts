import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, formatIssues } from '../core/index.js';
import { parsePipelineSpec } from './parse.js';
import { validatePipelineDocument } from './validate.js';
import { toYaml } from './yaml.js';

const dir = join(import.meta.dirname, 'fixtures', 'golden');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('KFP golden pipelines', () => {
  it('has the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    it(`${file}: parses and validates with zero issues`, () => {
      const parsed = parsePipelineSpec(text, file);
      expect(parsed.warnings).toEqual([]);
      const issues = validatePipelineDocument(parsed);
      expect(formatIssues(issues)).toBe('');
      expect(errorsOf(issues)).toEqual([]);
    });
    it(`${file}: round-trips through toYaml and parse unchanged`, () => {
      const parsed = parsePipelineSpec(text, file);
      const again = parsePipelineSpec(
        toYaml(parsed.spec, parsed.platformSpec ? { platformSpec: parsed.platformSpec } : {}),
        file,
      );
      expect(again.spec).toEqual(parsed.spec);
      expect(again.platformSpec).toEqual(parsed.platformSpec);
    });
    it(`${file}: toYaml writes the SDK's bytes`, () => {
      const parsed = parsePipelineSpec(text, file);
      expect(toYaml(parsed.spec, parsed.platformSpec ? { platformSpec: parsed.platformSpec } : {})).toBe(
        text,
      );
    });
  }
});
