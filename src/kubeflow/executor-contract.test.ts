/**
 * The executor's files as the KFP launcher reads them in a Kubeflow container: the executor
 * input is built the way the driver builds it (minio:// URIs, /tmp/kfp/outputs parameter files,
 * `outputs.outputFile` next to the task root), and what Kite writes must parse with the
 * launcher's strict rules (protojson ExecutorOutput, TextToPbValue parameter text).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifact, component, param } from '../dsl/index.js';
import { executeComponent } from '../executor/index.js';
import { type ExecutorInput, localPathForUri, parseExecutorOutput, parseParameterText } from '../ir/index.js';

const evaluate = component({
  name: 'evaluate',
  inputs: { data: artifact.dataset(), threshold: param.number() },
  outputs: {
    metrics: artifact.metrics(),
    accuracy: param.number(),
    passed: param.boolean(),
    labels: param.list(),
  },
  run: (_inputs, { outputs }) => {
    outputs.metrics.metadata.accuracy = 0.93;
    outputs.metrics.metadata.f1 = 0.9;
    return { accuracy: 0.93, passed: true, labels: ['cat', 'dog'] };
  },
});

describe('executor output in a Kubeflow container', () => {
  it('maps minio://, gs:// and s3:// URIs to the launcher mounts', () => {
    expect(localPathForUri('minio://mlpipeline/v2/artifacts/p/r/t/x')).toBe(
      '/minio/mlpipeline/v2/artifacts/p/r/t/x',
    );
    expect(localPathForUri('gs://bucket/a')).toBe('/gcs/bucket/a');
    expect(localPathForUri('s3://bucket/a')).toBe('/s3/bucket/a');
  });

  it('writes output_metadata.json and parameter files exactly as the launcher parses them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kite-kfp-exec-'));
    const root = 'minio://mlpipeline/v2/artifacts/p/run-1/evaluate/abc';
    // The driver never sets customPath; it is used here only so the test needs no /minio mount.
    const input: ExecutorInput = {
      inputs: {
        parameterValues: { threshold: 0.5 },
        artifacts: {
          data: {
            artifacts: [
              {
                name: 'data',
                type: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' },
                uri: 'minio://mlpipeline/v2/artifacts/p/run-1/make/def/data',
                metadata: {},
                customPath: join(dir, 'in-data'),
              },
            ],
          },
        },
      },
      outputs: {
        parameters: {
          accuracy: { outputFile: join(dir, 'tmp/kfp/outputs/accuracy') },
          passed: { outputFile: join(dir, 'tmp/kfp/outputs/passed') },
          labels: { outputFile: join(dir, 'tmp/kfp/outputs/labels') },
        },
        artifacts: {
          metrics: {
            artifacts: [
              {
                name: 'metrics',
                type: { schemaTitle: 'system.Metrics', schemaVersion: '0.0.1' },
                uri: `${root}/metrics`,
                customPath: join(dir, 'metrics'),
              },
            ],
          },
        },
        outputFile: join(dir, 'output_metadata.json'),
      },
    };
    await executeComponent(evaluate, input);
    const out = parseExecutorOutput(readFileSync(join(dir, 'output_metadata.json'), 'utf8'));
    expect(out.parameterValues).toEqual({ accuracy: 0.93, passed: true, labels: ['cat', 'dog'] });
    // The URI goes back unchanged (the launcher uploads from the local path to it); the
    // metrics metadata is flat name → number, which the KFP UI shows as a scalar metrics table.
    expect(out.artifacts?.metrics?.artifacts?.[0]).toMatchObject({
      uri: `${root}/metrics`,
      metadata: { accuracy: 0.93, f1: 0.9 },
    });
    const text = (name: string) => readFileSync(join(dir, `tmp/kfp/outputs/${name}`), 'utf8');
    expect(parseParameterText(text('accuracy'), 'NUMBER_DOUBLE')).toBe(0.93);
    expect(parseParameterText(text('passed'), 'BOOLEAN')).toBe(true);
    expect(parseParameterText(text('labels'), 'LIST')).toEqual(['cat', 'dog']);
    expect(existsSync(join(dir, 'tmp/kfp/outputs'))).toBe(true);
  });
});
