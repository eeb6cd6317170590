import { describe, expect, it } from 'vitest';
import { tuningOf, userFrame } from './run-local.js';

describe('tuningOf', () => {
  it('reads the best trial of a tune component and skips other tasks', () => {
    expect(
      tuningOf('tune-train', {
        bestParameters: { lr: 0.01 },
        bestMetrics: { loss: { min: 0.1, max: 0.9, latest: 0.12 }, acc: { latest: 'n/a' } },
        status: {},
      }),
    ).toEqual({ task: 'tune-train', bestParameters: { lr: 0.01 }, bestMetrics: { loss: 0.12 } });
    expect(tuningOf('train', { trainLoss: 0.3 })).toBeUndefined();
  });
});

describe('userFrame', () => {
  const stack = [
    'RangeError: boom',
    '    at Object.run (file:///home/u/repo/node_modules/kite/dist/dsl/x.js:1:2)',
    '    at executeComponent (/home/u/kite/dist/executor/execute.js:132:27)',
    '    at Object.run (/home/u/repo/pipelines/train.ts:25:22)',
    '    at node:internal/process/task_queues:95:5',
  ].join('\n');

  it('skips node_modules, Node internals and the engine’s own code', () => {
    expect(userFrame(stack, '/home/u/kite/')).toBe('/home/u/repo/pipelines/train.ts:25:22');
  });

  it('has nothing to say without a user frame', () => {
    expect(userFrame('Error: x\n    at node:fs:1:1', '/k/')).toBeUndefined();
    expect(userFrame(undefined)).toBeUndefined();
  });
});
