import { describe, expect, it } from 'vitest';
import { KiteError } from '../core/index.js';
import { mergeRuntimeArtifact, parseExecutorInput, parseExecutorOutput } from './executor-output.js';
import { formatFloat, parameterText, parameterValueProblem, parseParameterText } from './parameter-values.js';

describe('parseExecutorOutput', () => {
  it('reads parameter values and artifacts', () => {
    const out = parseExecutorOutput(
      '{"parameterValues": {"score": 0.93, "label": "cat"}, "artifacts": {"m": {"artifacts": [{"name": "m", "uri": "gs://b/m", "metadata": {"acc": 0.9}}]}}}',
    );
    expect(out.parameterValues).toEqual({ score: 0.93, label: 'cat' });
    expect(out.artifacts?.m?.artifacts?.[0]?.metadata).toEqual({ acc: 0.9 });
  });
  it('accepts proto names as protojson does and normalises them', () => {
    const out = parseExecutorOutput(
      '{"parameter_values": {"a": 1}, "artifacts": {"m": {"artifacts": [{"custom_path": "/x"}]}}}',
    );
    expect(out).toEqual({
      parameterValues: { a: 1 },
      artifacts: { m: { artifacts: [{ customPath: '/x' }] } },
    });
  });
  it('rejects unknown keys at any depth, naming each', () => {
    try {
      parseExecutorOutput(
        '{"parameterValues": {}, "outputs": 1, "artifacts": {"m": {"artifacts": [{"url": "x"}]}}}',
        'task train',
      );
      expect.unreachable();
    } catch (e) {
      const err = e as KiteError;
      expect(err.code).toBe('INVALID_DATA');
      expect(err.issues.map((i) => i.path)).toEqual(['outputs', 'artifacts.m.artifacts[0].url']);
      expect(err.message).toMatch(/^task train: 2 problems/);
    }
  });
  it('rejects wrong kinds and bad JSON', () => {
    expect(() => parseExecutorOutput('{"artifacts": []}')).toThrow(/expected a map/);
    expect(() => parseExecutorOutput('{"parameterValues": ')).toThrow(/invalid JSON/);
  });
});

describe('parseExecutorInput', () => {
  it('reads what the driver writes and rejects the rest', () => {
    const input = parseExecutorInput(
      '{"inputs": {"parameterValues": {"x": 1}, "artifacts": {"d": {"artifacts": [{"name": "d", "uri": "gs://b/d", "type": {"schemaTitle": "system.Dataset"}}]}}}, "outputs": {"outputFile": "/tmp/o.json"}}',
    );
    expect(input.inputs?.parameterValues).toEqual({ x: 1 });
    expect(input.outputs?.outputFile).toBe('/tmp/o.json');
    expect(() => parseExecutorInput('{"inputs": {"params": {}}}')).toThrow(/unknown field 'params'/);
  });
});

describe('mergeRuntimeArtifact', () => {
  it('replaces uri, merges metadata, keeps the rest', () => {
    const merged = mergeRuntimeArtifact(
      { uri: '', metadata: { b: 2 } },
      { name: 'm', uri: 'gs://x', metadata: { a: 1 } },
    );
    expect(merged).toEqual({ name: 'm', uri: 'gs://x', metadata: { a: 1, b: 2 } });
    expect(mergeRuntimeArtifact({ uri: 'gs://y', customPath: '/p' }, { uri: 'gs://x' })).toEqual({
      uri: 'gs://y',
      customPath: '/p',
    });
  });
});

describe('parameter text (TextToPbValue / PbValueToText)', () => {
  it('parses each type like KFP', () => {
    expect(parseParameterText(' x \n', 'STRING')).toBe(' x \n');
    expect(parseParameterText(' 42\n', 'NUMBER_INTEGER')).toBe(42);
    expect(parseParameterText('-7', 'NUMBER_INTEGER')).toBe(-7);
    expect(parseParameterText('1.5e3\n', 'NUMBER_DOUBLE')).toBe(1500);
    expect(parseParameterText('T', 'BOOLEAN')).toBe(true);
    expect(parseParameterText('0', 'BOOLEAN')).toBe(false);
    expect(parseParameterText('[1, "a"]', 'LIST')).toEqual([1, 'a']);
    expect(parseParameterText('{"a": {"b": null}}', 'STRUCT')).toEqual({ a: { b: null } });
  });
  it('rejects what KFP rejects', () => {
    expect(() => parseParameterText('1.5', 'NUMBER_INTEGER')).toThrow(KiteError);
    expect(() => parseParameterText('0x10', 'NUMBER_INTEGER')).toThrow(/base-10/);
    expect(() => parseParameterText('abc', 'NUMBER_DOUBLE')).toThrow(/NUMBER_DOUBLE/);
    expect(() => parseParameterText('yes', 'BOOLEAN')).toThrow(/true\/false/);
    expect(() => parseParameterText('{"a": 1}', 'LIST')).toThrow(/JSON array/);
    expect(() => parseParameterText('[1]', 'STRUCT')).toThrow(/JSON object/);
    expect(() => parseParameterText('[1', 'LIST')).toThrow(/invalid JSON/);
    expect(() => parseParameterText('x', 'TASK_FINAL_STATUS')).toThrow(/unknown type/);
  });
  it('formats floats as Go FormatFloat(f, f, -1)', () => {
    expect(formatFloat(3)).toBe('3');
    expect(formatFloat(0.1)).toBe('0.1');
    expect(formatFloat(1e-7)).toBe('0.0000001');
    expect(formatFloat(-1.25e22)).toBe('-12500000000000000000000');
    expect(formatFloat(123.456)).toBe('123.456');
    expect(parameterText(false)).toBe('false');
  });
  it('checks values against parameter types', () => {
    expect(parameterValueProblem(1.5, 'NUMBER_INTEGER')).toMatch(/integer/);
    expect(parameterValueProblem(2, 'NUMBER_INTEGER')).toBeUndefined();
    expect(parameterValueProblem('a', 'LIST')).toMatch(/list/);
    expect(parameterValueProblem({}, 'STRUCT')).toBeUndefined();
    expect(parameterValueProblem(1, 'STRING')).toMatch(/string/);
  });
});
