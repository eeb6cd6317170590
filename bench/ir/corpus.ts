/**
 * Conformance + speed check of the `ir` module over a directory of compiled KFP pipelines
 * (e.g. `test_data/sdk_compiled_pipelines/valid` of a kubeflow/pipelines checkout, or Kite's
 * own fixtures). For every `.yaml` / `.json` file: parse, validate (errors must be zero) and,
 * for YAML, check that `toYaml` writes back the same bytes. Timings are printed next to a
 * baseline measured in the same run: a plain `yaml.parseAllDocuments` + `toJS` of the same
 * files.
 *
 * Usage: `npx tsx bench/ir/corpus.ts [dir]` (default: src/ir/fixtures/golden).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { errorsOf } from '../../src/core/index.js';
import { toYaml, tryParsePipelineSpec, validatePipelineDocument } from '../../src/ir/index.js';

const dir = process.argv[2] ?? join(import.meta.dirname, '../../src/ir/fixtures/golden');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') || f.endsWith('.json'))
  .sort();
const texts = files.map((f) => ({ f, text: readFileSync(join(dir, f), 'utf8') }));

let parseFailed = 0;
let invalid = 0;
let sameBytes = 0;
let yamlFiles = 0;
for (const { f, text } of texts) {
  const r = tryParsePipelineSpec(text, f);
  if (!r.ok) {
    parseFailed++;
    console.log(`parse failed: ${f}: ${r.issues[0]?.path} ${r.issues[0]?.message}`);
    continue;
  }
  const errors = errorsOf(validatePipelineDocument(r.value));
  if (errors.length > 0) {
    invalid++;
    console.log(`invalid: ${f}: ${errors[0]?.path}: ${errors[0]?.message}`);
  }
  if (f.endsWith('.yaml')) {
    yamlFiles++;
    const out = toYaml(r.value.spec, r.value.platformSpec ? { platformSpec: r.value.platformSpec } : {});
    if (out === text) sameBytes++;
  }
}

const time = (fn: () => void, rounds = 5): number => {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(rounds / 2)] ?? 0;
};
const parsed = texts
  .map(({ f, text }) => tryParsePipelineSpec(text, f))
  .flatMap((r) => (r.ok ? [r.value] : []));
const baseline = time(() => {
  for (const { text } of texts) for (const d of parseAllDocuments(text)) d.toJS();
});
const parse = time(() => {
  for (const { f, text } of texts) tryParsePipelineSpec(text, f);
});
const validate = time(() => {
  for (const p of parsed) validatePipelineDocument(p);
});
const write = time(() => {
  for (const p of parsed) toYaml(p.spec, p.platformSpec ? { platformSpec: p.platformSpec } : {});
});
const bytes = texts.reduce((n, t) => n + t.text.length, 0);
console.log(`\n${files.length} files (${(bytes / 1024).toFixed(0)} KiB) in ${dir}`);
console.log(
  `parsed ${files.length - parseFailed}, valid ${files.length - parseFailed - invalid}, toYaml byte-identical ${sameBytes}/${yamlFiles} YAML`,
);
console.log(`baseline yaml.parseAllDocuments+toJS: ${baseline.toFixed(1)} ms (median of 5)`);
console.log(
  `parsePipelineSpec (with positions):   ${parse.toFixed(1)} ms  ×${(parse / baseline).toFixed(2)} of baseline`,
);
console.log(
  `validatePipelineDocument:             ${validate.toFixed(1)} ms  ×${(validate / baseline).toFixed(2)} of baseline`,
);
console.log(
  `toYaml:                               ${write.toFixed(1)} ms  ×${(write / baseline).toFixed(2)} of baseline`,
);
