import { describe, expect, it } from 'vitest';
import { pipelineHeader, pyFloat, pyStr } from './header.js';
import { dumpPyYaml, PyFloat } from './pyyaml.js';
import type { PipelineSpec } from './types.js';
import { toJson, toYaml } from './yaml.js';

const spec: PipelineSpec = {
  pipelineInfo: { name: 'p', description: 'Line one.\nLine two.' },
  schemaVersion: '2.1.0',
  root: {
    inputDefinitions: {
      parameters: {
        n: { parameterType: 'NUMBER_INTEGER', defaultValue: 3, isOptional: true },
        cfg: { parameterType: 'STRUCT', defaultValue: { a: 1, b: "it's" }, isOptional: true },
        flag: { parameterType: 'BOOLEAN', defaultValue: true, isOptional: true },
        text: { parameterType: 'STRING', defaultValue: 'hi' },
      },
      artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
    },
    dag: {
      tasks: {
        t: {
          componentRef: { name: 'comp-t' },
          cachingOptions: {},
          dependentTasks: [],
          retryPolicy: { maxRetryCount: 2, backoffFactor: 2, backoffDuration: '0s' },
          iteratorPolicy: { parallelismLimit: 4 },
          inputs: {
            parameters: { x: { runtimeValue: { constant: 1 } }, y: { runtimeValue: { constant: 'true' } } },
          },
        },
      },
    },
  },
};

describe('toYaml', () => {
  it('writes the SDK header', () => {
    expect(pipelineHeader(spec)).toBe(
      [
        '# PIPELINE DEFINITION',
        '# Name: p',
        '# Description: Line one.',
        '#              Line two.',
        '# Inputs:',
        "#    cfg: dict [Default: {'a': 1.0, 'b': \"it's\"}]",
        '#    data: system.Dataset',
        '#    flag: bool [Default: True]',
        '#    n: int [Default: 3.0]',
        "#    text: str [Default: 'hi']",
        '',
      ].join('\n'),
    );
  });

  it('writes doubles and Values as floats, int32 as ints, sorted keys, quoting like PyYAML', () => {
    const yaml = toYaml(spec, { header: false });
    expect(yaml).toContain('        defaultValue: 3.0\n');
    expect(yaml).toContain('          backoffFactor: 2.0\n');
    expect(yaml).toContain('          maxRetryCount: 2\n');
    expect(yaml).toContain('          parallelismLimit: 4\n');
    expect(yaml).toContain('                constant: 1.0\n');
    expect(yaml).toContain("                constant: 'true'\n");
    expect(yaml).toContain('        cachingOptions: {}\n');
    expect(yaml).toContain('        dependentTasks: []\n');
    expect(yaml.indexOf('pipelineInfo:')).toBeLessThan(yaml.indexOf('root:'));
    expect(yaml.endsWith('schemaVersion: 2.1.0\n')).toBe(true);
  });

  it('writes JSON with sorted keys', () => {
    const json = toJson({ schemaVersion: '2.1.0', pipelineInfo: { name: 'p' }, root: {} });
    expect(json).toBe(
      '{\n  "pipelineInfo": {\n    "name": "p"\n  },\n  "root": {},\n  "schemaVersion": "2.1.0"\n}',
    );
  });
});

describe('PyYAML-compatible scalars', () => {
  const one = (v: Parameters<typeof dumpPyYaml>[0][number]) => dumpPyYaml([{ k: v }]);
  it('quotes what YAML 1.1 would read as another type', () => {
    expect(one('yes')).toBe("k: 'yes'\n");
    expect(one('1.5')).toBe("k: '1.5'\n");
    expect(one('2.1.0')).toBe('k: 2.1.0\n');
    expect(one('')).toBe("k: ''\n");
    expect(one('null')).toBe("k: 'null'\n");
    expect(one('2024-01-02')).toBe("k: '2024-01-02'\n");
    expect(one('- x')).toBe("k: '- x'\n");
    expect(one('a: b')).toBe("k: 'a: b'\n");
    expect(one("it's")).toBe("k: it's\n");
    expect(one("'q'")).toBe("k: '''q'''\n");
  });
  it('double-quotes and escapes non-printable and non-ASCII text', () => {
    expect(one('tab\there')).toBe('k: "tab\\there"\n');
    expect(one('café')).toBe('k: "caf\\xE9"\n');
    expect(one('a\n b')).toBe('k: "a\\n b"\n');
  });
  it('writes multi-line text single-quoted with blank lines', () => {
    expect(one('a\nb')).toBe("k: 'a\n\n  b'\n");
  });
  it('folds long plain lines at 80 columns', () => {
    const long = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const out = one(long);
    expect(out.split('\n').length).toBeGreaterThan(2);
    expect(out.replace(/\n {2}/g, ' ')).toBe(`k: ${long}\n`);
  });
  it('formats floats as Python repr', () => {
    expect(one(new PyFloat(1))).toBe('k: 1.0\n');
    expect(one(new PyFloat(1e16))).toBe('k: 1.0e+16\n');
    expect(one(new PyFloat(0.0001))).toBe('k: 0.0001\n');
    expect(one(new PyFloat(0.00001))).toBe('k: 1.0e-05\n');
    expect(pyFloat(123456.789)).toBe('123456.789');
    expect(pyStr([1, 'a', null, false])).toBe("[1.0, 'a', None, False]");
  });
  it('nests sequences and mappings like PyYAML', () => {
    expect(dumpPyYaml([{ a: [{ b: 1, c: [2, 3] }, [4]] }])).toBe('a:\n- b: 1\n  c:\n  - 2\n  - 3\n- - 4\n');
    expect(dumpPyYaml([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });
});
