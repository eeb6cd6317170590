import { describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../command.js';
import { createProgress, formatDuration, summaryTable } from './run-progress.js';

const ESC = String.fromCharCode(27);

const io = (isTty: boolean) => {
  const out: string[] = [];
  const value: CliIo = {
    stdout: (t) => out.push(t),
    stderr: () => {},
    isTty,
    cwd: '/',
    env: {},
    signal: new AbortController().signal,
  };
  return { io: value, out };
};

describe('run progress', () => {
  it('prints one plain line per state change when not a terminal', () => {
    const { io: cli, out } = io(false);
    const p = createProgress(cli);
    p.onEvent({ type: 'run', runId: 'r1', pipelineName: 'demo', resumed: false });
    p.onEvent({ type: 'task', path: 'train', state: 'RUNNING', attempt: 1 });
    p.onEvent({ type: 'progress', path: 'train', done: 1, total: 2 });
    p.onEvent({
      type: 'task',
      path: 'train',
      state: 'FAILED',
      attempt: 1,
      durationMs: 1500,
      error: { message: 'bad\nframe' },
    });
    p.finish();
    expect(out.join('')).toBe('run r1 (demo)\n▶ train RUNNING\n✗ train FAILED 1.5s: bad\n');
  });

  it('redraws a live block with progress bars in a terminal', () => {
    vi.useFakeTimers();
    try {
      const { io: cli, out } = io(true);
      const p = createProgress(cli);
      p.onEvent({ type: 'task', path: 'a', state: 'RUNNING', attempt: 1 });
      p.onEvent({ type: 'progress', path: 'a', done: 5, total: 10 });
      vi.advanceTimersByTime(150);
      expect(out.at(-1)?.startsWith(`${ESC}[J▶ a`)).toBe(true);
      expect(out.at(-1)).toMatch(/RUNNING .*\[##########\.{10}\] 50%\n$/);
      p.onEvent({ type: 'task', path: 'a', state: 'SUCCEEDED', attempt: 1, durationMs: 20 });
      p.finish();
      expect(out.at(-1)?.startsWith(`${ESC}[1A${ESC}[J✓ a`)).toBe(true);
      expect(out.at(-1)).toMatch(/SUCCEEDED +20ms\n$/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a big run to twenty lines, running tasks included', () => {
    const { io: cli, out } = io(true);
    const p = createProgress(cli);
    for (let i = 0; i < 25; i++)
      p.onEvent({ type: 'task', path: `t${i}`, state: 'SUCCEEDED', attempt: 1, durationMs: 1 });
    p.onEvent({ type: 'task', path: 'busy', state: 'RUNNING', attempt: 1 });
    p.finish();
    const lines = out.at(-1)?.trimEnd().split('\n') ?? [];
    expect(lines.length).toBe(21);
    expect(lines[19]).toMatch(/busy +RUNNING/);
    expect(lines[20]).toBe('  … 6 more tasks');
  });

  it('formats durations and the summary table', () => {
    expect([340, 1234, 125_000].map(formatDuration)).toEqual(['340ms', '1.2s', '2m05s']);
    const text = summaryTable({
      runId: 'r1',
      pipelineName: 'demo',
      state: 'FAILED',
      error: { message: 'task b failed: boom' },
      outputs: { parameters: {}, artifacts: {} },
      tasks: [
        {
          path: 'a',
          componentName: 'comp-a',
          state: 'SUCCEEDED',
          attempts: 1,
          durationMs: 5,
          usage: null,
          error: null,
          outputs: { parameters: {}, artifacts: {} },
        },
      ],
    });
    expect(text).toBe(
      'TASK  STATE      ATTEMPTS  DURATION\na     SUCCEEDED  1         5ms\n\nrun r1 FAILED\ntask b failed: boom\n',
    );
  });
});
