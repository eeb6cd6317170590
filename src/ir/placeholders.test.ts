import { describe, expect, it } from 'vitest';
import { KiteError } from '../core/index.js';
import {
  executorInputJson,
  expandJsonPlaceholders,
  placeholderTable,
  resolveCommandLine,
  withDefaultParameters,
} from './placeholders.js';
import type { ExecutorInput } from './types.js';

const input: ExecutorInput = {
  inputs: {
    parameterValues: {
      text: 'hi',
      n: 3,
      x: 0.5,
      big: 1e21,
      flag: true,
      xs: [1, 'a'],
      cfg: { b: 1, a: '<&>' },
      none: null,
    },
    artifacts: {
      data: {
        artifacts: [
          {
            name: 'data',
            uri: 'minio://mlpipeline/v2/artifacts/p/r/t/data',
            type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
          },
        ],
      },
      custom: { artifacts: [{ uri: 'gs://b/c', customPath: '/mnt/c' }] },
      ws: { artifacts: [{ uri: 's3://b/w', metadata: { _kfp_workspace: true } }] },
      remote: { artifacts: [{ uri: 'https://example.com/x' }] },
    },
  },
  outputs: {
    parameters: { score: { outputFile: '/tmp/kfp/outputs/score' } },
    artifacts: { model: { artifacts: [{ name: 'model', uri: 'gs://bucket/run/model' }] } },
    outputFile: '/gcs/bucket/run/output_metadata.json',
  },
};

describe('string placeholders', () => {
  it('formats parameters as the launcher does', () => {
    const argv = resolveCommandLine(
      [
        "{{$.inputs.parameters['text']}}",
        "n={{$.inputs.parameters['n']}}",
        "{{$.inputs.parameters['x']}}",
        "{{$.inputs.parameters['big']}}",
        "{{$.inputs.parameters['flag']}}",
        "{{$.inputs.parameters['xs']}}",
        "{{$.inputs.parameters['cfg']}}",
        "[{{$.inputs.parameters['none']}}]",
      ],
      input,
    );
    expect(argv).toEqual([
      'hi',
      'n=3',
      '0.5',
      '1000000000000000000000',
      'true',
      '[1,"a"]',
      '{"a":"\\u003c\\u0026\\u003e","b":1}',
      '[]',
    ]);
  });
  it('maps artifact uri and path', () => {
    const argv = resolveCommandLine(
      [
        "{{$.inputs.artifacts['data'].uri}}",
        "{{$.inputs.artifacts['data'].path}}",
        "{{$.inputs.artifacts['custom'].path}}",
        "{{$.inputs.artifacts['ws'].path}}",
        "{{$.inputs.artifacts['remote'].path}}",
        "{{$.outputs.artifacts['model'].path}}",
        "{{$.outputs.artifacts['model'].uri}}",
      ],
      input,
    );
    expect(argv).toEqual([
      'minio://mlpipeline/v2/artifacts/p/r/t/data',
      '/minio/mlpipeline/v2/artifacts/p/r/t/data',
      '/mnt/c',
      '/kfp-workspace/.artifacts/s3/b/w',
      "{{$.inputs.artifacts['remote'].path}}",
      '/gcs/bucket/run/model',
      'gs://bucket/run/model',
    ]);
  });
  it('maps output files and leaves unknown placeholders alone', () => {
    expect(
      resolveCommandLine(
        [
          "--score={{$.outputs.parameters['score'].output_file}}",
          '{{$.outputs.output_file}}',
          "{{$.inputs.parameters['nope']}}",
        ],
        input,
      ),
    ).toEqual([
      '--score=/tmp/kfp/outputs/score',
      '/gcs/bucket/run/output_metadata.json',
      "{{$.inputs.parameters['nope']}}",
    ]);
  });
  it('does not expand a value twice', () => {
    const tricky: ExecutorInput = {
      inputs: { parameterValues: { a: "{{$.inputs.parameters['b']}}", b: 'B' } },
    };
    expect(resolveCommandLine(["{{$.inputs.parameters['a']}}"], tricky)).toEqual([
      "{{$.inputs.parameters['b']}}",
    ]);
  });
  it('fails on an output artifact without a local path', () => {
    expect(() =>
      placeholderTable({ outputs: { artifacts: { m: { artifacts: [{ uri: 'azure://x' }] } } } }),
    ).toThrow(KiteError);
  });
  it('writes {{$}} as compact protojson in declaration order', () => {
    const json = executorInputJson({
      outputs: { outputFile: '/o', parameters: { z: { outputFile: '/z' }, a: { outputFile: '/a' } } },
      inputs: { parameterValues: { b: 1, a: { y: 2, x: [true] } } },
    });
    expect(json).toBe(
      '{"inputs":{"parameterValues":{"a":{"x":[true],"y":2},"b":1}},"outputs":{"parameters":{"a":{"outputFile":"/a"},"z":{"outputFile":"/z"}},"outputFile":"/o"}}',
    );
    expect(JSON.parse(resolveCommandLine(['{{$}}'], input)[0] ?? '')).toEqual(
      JSON.parse(JSON.stringify(input)),
    );
  });
});

describe('withDefaultParameters', () => {
  it('fills defaults the input does not carry, like addDefaultParams', () => {
    const filled = withDefaultParameters(
      { inputs: { parameterValues: { a: 1 } } },
      {
        inputDefinitions: {
          parameters: {
            a: { parameterType: 'NUMBER_INTEGER', defaultValue: 9 },
            b: { parameterType: 'STRING', defaultValue: 'x' },
            c: { parameterType: 'STRING' },
          },
        },
      },
    );
    expect(filled.inputs?.parameterValues).toEqual({ a: 1, b: 'x' });
  });
});

describe('JSON placeholders', () => {
  it('expands IfPresent with Then/Else (null counts as absent)', () => {
    const argv = [
      'prog',
      '{"IfPresent": {"InputName": "text", "Then": ["--text", "{{$.inputs.parameters[\'text\']}}"], "Else": ["bye"]}}',
      '{"IfPresent": {"InputName": "none", "Then": ["--none"], "Else": "fallback"}}',
      '{"IfPresent": {"InputName": "missing", "Then": ["--m"]}}',
      '{"IfPresent": {"InputName": "data", "Then": "{{$.inputs.artifacts[\'data\'].uri}}"}}',
    ];
    expect(resolveCommandLine(argv, input)).toEqual([
      'prog',
      '--text',
      'hi',
      'fallback',
      'minio://mlpipeline/v2/artifacts/p/r/t/data',
    ]);
  });
  it('expands Concat, also nested', () => {
    const argv = [
      '{"Concat": ["prefix-", "{{$.inputs.parameters[\'text\']}}", {"IfPresent": {"InputName": "n", "Then": "-n"}}, {"IfPresent": {"InputName": "q", "Then": "-q"}}]}',
    ];
    expect(resolveCommandLine(argv, input)).toEqual(['prefix-hi-n']);
  });
  it('leaves other JSON-looking strings alone and rejects broken placeholders', () => {
    expect(expandJsonPlaceholders(['{"a": 1}'], input)).toEqual(['{"a": 1}']);
    expect(() => expandJsonPlaceholders(['{"Concat": [1]}'], input)).toThrow(/invalid placeholder/);
    expect(() => expandJsonPlaceholders(['{"IfPresent": ['], input)).toThrow(KiteError);
  });
});
