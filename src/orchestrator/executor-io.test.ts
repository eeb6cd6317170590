import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComponentSpec } from '../ir/index.js';
import type { ArtifactRecord, StagingArea } from '../store/index.js';
import { buildExecutorInput, readExecutorOutputs } from './executor-io.js';
import { retryDelayMs } from './retry.js';

let dir: string;
let area: StagingArea;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kite-eio-'));
  area = {
    location: { pipelineName: 'p', runId: 'r', taskPath: 't' },
    dir,
    pathFor: (n) => join(dir, 'outputs', n),
    uriFor: (n) => `/final/p/r/t/${n}`,
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const comp: ComponentSpec = {
  executorLabel: 'exec-t',
  inputDefinitions: {
    parameters: {
      n: { parameterType: 'NUMBER_INTEGER', defaultValue: 3, isOptional: true },
      s: { parameterType: 'STRING' },
    },
    artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } },
  },
  outputDefinitions: {
    parameters: { score: { parameterType: 'NUMBER_DOUBLE' }, ok: { parameterType: 'BOOLEAN' } },
    artifacts: { model: { artifactType: { schemaTitle: 'system.Model', schemaVersion: '0.0.1' } } },
  },
};

const data: ArtifactRecord = {
  id: 7,
  uri: '/final/p/r/u/data',
  typeTitle: 'system.Dataset',
  digest: 'sha256:x',
  sizeBytes: 1,
  kind: 'file',
  metadata: { rows: 2 },
  createdAt: 0,
  committed: true,
  producerTaskId: 1,
};

const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

describe('executor input and outputs', () => {
  it('builds the executor input as the KFP driver does', () => {
    const input = buildExecutorInput(comp, { parameters: { s: 'x' }, artifacts: { data: [data] } }, area);
    expect(input.inputs?.parameterValues).toEqual({ s: 'x', n: 3 });
    expect(input.inputs?.artifacts?.data?.artifacts?.[0]).toEqual({
      name: 'data',
      type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
      uri: '/final/p/r/u/data',
      metadata: { rows: 2 },
    });
    expect(input.outputs?.artifacts?.model?.artifacts?.[0]).toMatchObject({
      uri: '/final/p/r/t/model',
      customPath: join(dir, 'outputs', 'model'),
    });
    expect(input.outputs?.parameters?.score?.outputFile).toBe(join(dir, 'parameters', 'score'));
    expect(input.outputs?.outputFile).toBe(join(dir, 'output_metadata.json'));
  });

  it('reads outputs back: output_metadata.json wins, files by type, metadata merged', () => {
    const input = buildExecutorInput(comp, { parameters: { s: 'x' }, artifacts: { data: [data] } }, area);
    write(input.outputs!.parameters!.score!.outputFile!, '0.25\n');
    write(input.outputs!.parameters!.ok!.outputFile!, 'T');
    write(
      input.outputs!.outputFile!,
      JSON.stringify({
        parameterValues: { score: 0.5 },
        artifacts: { model: { artifacts: [{ metadata: { f: 'onnx' } }] } },
      }),
    );
    const out = readExecutorOutputs(comp, input);
    expect(out.parameters).toEqual({ score: 0.5, ok: true });
    expect(out.artifacts.model?.metadata).toEqual({ f: 'onnx' });
    expect(out.artifacts.model?.uri).toBe('/final/p/r/t/model');
  });

  it('fails when a declared output parameter is missing or output_metadata.json is bad', () => {
    const input = buildExecutorInput(comp, { parameters: { s: 'x' }, artifacts: {} }, area);
    write(input.outputs!.parameters!.ok!.outputFile!, 'maybe');
    expect(() => readExecutorOutputs(comp, input)).toThrow(/cannot read "maybe" as BOOLEAN/);
    write(input.outputs!.parameters!.ok!.outputFile!, 'true');
    expect(() => readExecutorOutputs(comp, input)).toThrow(/failed to read output parameter 'score'/);
    write(input.outputs!.outputFile!, '{"parameterValues": {"score": 1}, "extra": 1}');
    expect(() => readExecutorOutputs(comp, input)).toThrow(/output_metadata\.json/);
  });

  it('computes retry backoff like the retry policy says', () => {
    const policy = { maxRetryCount: 3, backoffDuration: '30s', backoffFactor: 2, backoffMaxDuration: '100s' };
    expect([1, 2, 3].map((a) => retryDelayMs(policy, a))).toEqual([30_000, 60_000, 100_000]);
    expect(retryDelayMs(undefined, 1)).toBe(0);
  });
});
