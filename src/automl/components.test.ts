import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifact, component, param, runComponent } from '../dsl/index.js';
import { tuneComponent } from './components.js';

const train = component({
  name: 'train',
  inputs: { lr: param.number(), offset: param.number({ default: 0 }) },
  outputs: { model: artifact.model(), loss: param.number() },
  run: async ({ lr, offset }, { outputs, report }) => {
    const loss = (lr - 0.3) ** 2 + offset;
    report(1, { loss: loss + 1 });
    (await import('node:fs')).writeFileSync(outputs.model.path, `lr=${lr}`);
    return { loss };
  },
});

describe('tuneComponent', () => {
  it('tunes another component in-process and outputs the best parameters and metrics', async () => {
    const tuner = tuneComponent(train, {
      spec: {
        objective: { type: 'minimize', objectiveMetricName: 'loss' },
        algorithm: { algorithmName: 'grid' },
        parallelTrialCount: 2,
        parameters: [
          { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0', max: '1', step: '0.1' } },
        ],
      },
    });
    expect(tuner.name).toBe('tune-train');
    expect(Object.keys(tuner.inputs)).toEqual(['offset']);
    const dir = mkdtempSync(join(tmpdir(), 'kite-tune-comp-'));
    const { result } = await runComponent(tuner, { offset: 2 } as never, { dir });
    expect(result.bestParameters).toEqual({ lr: '0.3' });
    expect(result.bestMetrics).toEqual({ loss: { min: '2', max: '3', latest: '2' } });
    expect((result.status as { trials: number }).trials).toBe(11);
    const best = (result.status as { currentOptimalTrial: { bestTrialName: string } }).currentOptimalTrial
      .bestTrialName;
    expect(best).toMatch(/^tune-train-/);
  });
  it('rejects an invalid search spec with every problem', () => {
    expect(() =>
      tuneComponent(train, {
        spec: {
          objective: { type: 'minimize', objectiveMetricName: 'loss' },
          algorithm: { algorithmName: 'nope' },
          maxTrialCount: 0,
        },
      }),
    ).toThrow(
      /spec\.maxTrialCount[\s\S]*spec\.algorithm\.algorithmName[\s\S]*spec\.parameters or spec\.nasConfig/,
    );
  });
});
