import { describe, expect, it } from 'vitest';
import { evaluateGates, parseThresholds } from './gates.js';
import type { RunOutcome } from './outcome.js';

function outcome(extra: Partial<RunOutcome> = {}): RunOutcome {
  return {
    mode: 'local',
    pipelineName: 'p',
    runId: 'r1',
    state: 'SUCCEEDED',
    tasks: [],
    metrics: [
      { task: 'exit-handler-1/evaluate', name: 'accuracy', value: 0.82 },
      { task: 'exit-handler-1/for-loop-2/iteration-0/evaluate', name: 'accuracy', value: 0.6 },
      { task: 'train', name: 'loss', value: 0.3 },
      { task: 'other', name: 'loss', value: 0.1 },
    ],
    dataChecks: [],
    reports: [],
    tuning: [],
    artifacts: [],
    seconds: 1,
    ...extra,
  };
}

describe('thresholds', () => {
  it('parses [task.]metric op number, all mistakes at once', () => {
    expect(parseThresholds(['evaluate.accuracy >= 0.8', 'loss<1e-1'])).toEqual([
      { text: 'evaluate.accuracy >= 0.8', task: 'evaluate', metric: 'accuracy', op: '>=', value: 0.8 },
      { text: 'loss<1e-1', metric: 'loss', op: '<', value: 0.1 },
    ]);
    expect(() => parseThresholds(['accuracy high', 'loss => 1'])).toThrowError(
      /accuracy high[\s\S]*loss => 1/,
    );
  });

  it('picks the shallowest task of a name and compares', () => {
    const ok = evaluateGates(
      outcome(),
      parseThresholds(['evaluate.accuracy >= 0.8', 'accuracy > 0.81']),
      'failures',
    );
    expect(ok).toEqual([]);
    const low = evaluateGates(outcome(), parseThresholds(['evaluate.accuracy >= 0.9']), 'failures', () => ({
      file: '.github/workflows/ml.yml',
      line: 9,
    }));
    expect(low).toEqual([
      {
        level: 'error',
        title: 'metric gate failed',
        message: 'exit-handler-1/evaluate.accuracy = 0.82, required >= 0.9',
        where: { file: '.github/workflows/ml.yml', line: 9 },
      },
    ]);
  });

  it('fails a gate it cannot evaluate: unknown or ambiguous metric', () => {
    const [missing, ambiguous] = evaluateGates(
      outcome(),
      parseThresholds(['f1 > 0.5', 'loss < 0.5']),
      'failures',
    );
    expect(missing?.message).toMatch(/no metric 'f1' \(metrics: .*train\.loss/);
    expect(missing?.level).toBe('error');
    expect(ambiguous?.message).toMatch(/reported by 2 tasks \(train, other\): write <task>\.loss/);
  });

  it('only warns when the run was not waited for', () => {
    const [f] = evaluateGates(
      outcome({ state: 'SUBMITTED', metrics: [] }),
      parseThresholds(['a > 1']),
      'failures',
    );
    expect(f?.level).toBe('warning');
  });
});

describe('data-check policy', () => {
  const checks = outcome({
    dataChecks: [
      { task: 'check-data', name: 'row_count > 0', outcome: 'pass' },
      { task: 'check-data', name: 'row_count warn when < 50', outcome: 'warn', file: 'checks.yml', line: 3 },
      {
        task: 'check-data',
        name: 'missing_count(x) = 0',
        outcome: 'fail',
        file: 'checks.yml',
        line: 4,
        detail: 'got 2',
      },
    ],
  });

  it('fails on failures and annotates warnings (default)', () => {
    const f = evaluateGates(checks, [], 'failures');
    expect(f.map((x) => [x.level, x.where?.line])).toEqual([
      ['warning', 3],
      ['error', 4],
    ]);
    expect(f[1]?.message).toBe('check-data: missing_count(x) = 0 — got 2');
  });

  it('fails on warnings too with data-checks: warnings', () => {
    expect(evaluateGates(checks, [], 'warnings').map((x) => x.level)).toEqual(['error', 'error']);
  });
});
