import { describe, expect, it } from 'vitest';
import { KiteError } from '../core/index.js';
import { checkPipelineText } from './check-text.js';
import { locateIssues, parsePipelineSpec, tryParsePipelineSpec } from './parse.js';
import { validatePipelineDocument, validatePipelineSpec } from './validate.js';

const SPEC = `# PIPELINE DEFINITION
components:
  comp-a:
    executorLabel: exec-a
deploymentSpec:
  executors:
    exec-a:
      container:
        image: alpine
        imagePullPolicy: Always
pipelineInfo:
  name: p
root:
  dag:
    tasks:
      a:
        componentRef:
          name: comp-a
        taskInfo:
          name: a
schemaVersion: 2.1.0
`;

describe('parsePipelineSpec', () => {
  it('reads YAML and locates issues at file:line:col', () => {
    const parsed = parsePipelineSpec(SPEC, 'p.yaml');
    expect(parsed.spec.pipelineInfo.name).toBe('p');
    expect(parsed.platformSpec).toBeUndefined();
    const located = locateIssues(validatePipelineSpec(parsed.spec), parsed);
    expect(located.map((i) => i.path)).toEqual([
      'p.yaml:10:9 deploymentSpec.executors.exec-a.container.imagePullPolicy',
    ]);
    // A missing field is located at its nearest existing ancestor.
    expect(parsed.locate('root.dag.tasks.a.inputs.parameters.x')).toEqual({ line: 16, col: 7 });
  });

  it('reads a second document as the PlatformSpec', () => {
    const text = `${SPEC.replace('        imagePullPolicy: Always\n', '')}---\nplatforms:\n  kubernetes:\n    deploymentSpec:\n      executors:\n        exec-a:\n          nodeSelector: {labels: {a: b}}\n`;
    const parsed = parsePipelineSpec(text, 'p.yaml');
    expect(parsed.platformSpec?.platforms?.kubernetes?.deploymentSpec?.executors?.['exec-a']).toEqual({
      nodeSelector: { labels: { a: 'b' } },
    });
    expect(validatePipelineDocument(parsed)).toEqual([]);
  });

  it('reads JSON and normalises proto names with a warning', () => {
    const parsed = parsePipelineSpec(
      JSON.stringify({ pipeline_info: { name: 'p' }, schema_version: '2.1.0', root: { dag: { tasks: {} } } }),
      'p.json',
    );
    expect(parsed.spec.pipelineInfo.name).toBe('p');
    expect(parsed.spec.schemaVersion).toBe('2.1.0');
    expect(parsed.warnings.map((w) => w.code)).toEqual(['IR_NORMALIZED', 'IR_NORMALIZED']);
  });

  it('locates issues in JSON files too', () => {
    const text =
      '{\n  "pipelineInfo": {"name": "p"},\n  "schemaVersion": "2.1.0",\n  "root": {"dag": {"tasks": {}}, "colour": 1}\n}';
    const parsed = parsePipelineSpec(text, 'p.json');
    expect(locateIssues(validatePipelineSpec(parsed.spec), parsed).map((i) => i.path)).toEqual([
      'p.json:4:34 root.colour',
    ]);
  });

  it('reports YAML syntax errors with positions, all at once', () => {
    const result = tryParsePipelineSpec('pipelineInfo:\n  name: p\n  name: q\nroot: [1, 2\n', 'bad.yaml');
    expect(result.ok).toBe(false);
    const paths = result.issues.map((i) => i.path);
    expect(paths[0]).toBe('bad.yaml:3:3');
    expect(paths.every((p) => /^bad\.yaml:\d+:\d+$/.test(p))).toBe(true);
    expect(() => parsePipelineSpec('a: [', 'bad.yaml')).toThrow(KiteError);
    try {
      parsePipelineSpec('a: [', 'bad.yaml');
    } catch (e) {
      expect((e as KiteError).code).toBe('INVALID_YAML');
      expect((e as KiteError).message).toMatch(/bad\.yaml:1:/);
    }
  });

  it('rejects duplicate keys in JSON, which JSON.parse would hide', () => {
    const result = tryParsePipelineSpec('{"pipelineInfo": {"name": "a", "name": "b"}}', 'd.json');
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([['IR_DUPLICATE_FIELD', 'd.json:1:32']]);
  });

  it('reports JSON syntax errors with line and column', () => {
    const result = tryParsePipelineSpec('{\n  "a": 1,\n  oops\n}', 'bad.json');
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.path).toMatch(/^bad\.json:3:\d+$/);
  });

  it('rejects empty files, scalars and more than two documents', () => {
    expect(tryParsePipelineSpec('  \n', 'e.yaml').issues[0]?.message).toBe('the file is empty');
    expect(tryParsePipelineSpec('hello', 'e.yaml').issues[0]?.message).toMatch(/PipelineSpec mapping/);
    expect(tryParsePipelineSpec('a: 1\n---\nb: 2\n---\nc: 3\n', 'e.yaml').issues[0]?.message).toMatch(
      /found 3/,
    );
    expect(tryParsePipelineSpec('# only a comment\n', 'e.yaml').issues[0]?.message).toBe(
      'the file holds no document',
    );
    const stray = tryParsePipelineSpec('---\npipelineInfo: {name: p}\n---\n', 'e.yaml');
    expect(stray.ok && stray.value.platformSpec === undefined).toBe(true);
  });

  it('checkPipelineText parses, validates and locates in one call', () => {
    const bad = checkPipelineText(SPEC, 'p.yaml');
    expect(bad.ok).toBe(false);
    expect(bad.issues.map((i) => i.path)).toEqual([
      'p.yaml:10:9 deploymentSpec.executors.exec-a.container.imagePullPolicy',
    ]);
    const good = checkPipelineText(SPEC.replace('        imagePullPolicy: Always\n', ''), 'p.yaml');
    expect(good.ok).toBe(true);
    expect(good.issues).toEqual([]);
    expect(checkPipelineText('a: [', 'x.yaml').issues[0]?.path).toMatch(/^x\.yaml:1:/);
  });
});
