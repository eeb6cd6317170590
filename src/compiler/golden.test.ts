import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PipelineSpec } from '../ir/index.js';
import { compilePipeline } from './compile.js';
import { fanIn, GOLDEN } from './golden/pipelines.js';
import { structureOf } from './golden/structure.js';

const fixture = (name: string): PipelineSpec =>
  name.startsWith('parallelfor_fan_in')
    ? (parse(readFileSync(new URL(`./fixtures/golden/${name}`, import.meta.url), 'utf8')) as PipelineSpec)
    : (parse(
        readFileSync(new URL(`../ir/fixtures/golden/${name}`, import.meta.url), 'utf8'),
      ) as PipelineSpec);

describe('golden pipelines: Kite compiles the same structure as the KFP SDK', () => {
  for (const [file, p] of Object.entries({
    ...GOLDEN,
    'parallelfor_fan_in_simple_with_parameters.yaml': fanIn,
  })) {
    it(file, () => {
      const ours = compilePipeline(p);
      expect(structureOf(ours)).toEqual(structureOf(fixture(file)));
    });
  }
});
