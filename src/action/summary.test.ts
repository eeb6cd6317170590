import { describe, expect, it } from 'vitest';
import type { RunOutcome } from './outcome.js';
import { escapeMarkdown, formatSeconds, renderReport } from './summary.js';

const base: RunOutcome = {
  mode: 'kubeflow',
  pipelineName: 'train <b>|x',
  runId: 'abc',
  runUrl: 'https://kfp/#/runs/details/abc',
  state: 'FAILED',
  error: 'task x failed\nmore',
  tasks: [
    { path: 'prep', state: 'SUCCEEDED', durationMs: 1500 },
    { path: 'for-loop-2/iteration-0/train', state: 'FAILED', durationMs: 125_000, error: 'boom | <script>' },
  ],
  metrics: [],
  dataChecks: [],
  reports: [],
  tuning: [],
  artifacts: [],
  seconds: 130,
};

describe('renderReport', () => {
  it('escapes everything that came from the run', () => {
    expect(escapeMarkdown('a|b <img src=x> `c` [l](u)\nd')).toBe(
      'a\\|b &lt;img src=x&gt; \\`c\\` \\[l\\](u)<br>d',
    );
    const md = renderReport(base, [], false, { sha: '0123456789' });
    expect(md).toContain('### Kite · train &lt;b&gt;\\|x — ❌ failed');
    expect(md).toContain('run [abc](https://kfp/#/runs/details/abc)');
    expect(md).toContain('> **Error:** task x failed\n');
    expect(md).toContain(
      '| &nbsp;&nbsp;&nbsp;&nbsp;train <sub>for-loop-2 › iteration-0</sub><br><sub>boom \\| &lt;script&gt;</sub> | ❌ FAILED | 2 min 5 s |',
    );
    expect(md).not.toContain('<script>');
  });

  it('keeps the comment under its size limit, leaving out reports that do not fit', () => {
    const big = 'x'.repeat(7000);
    const reports = Array.from({ length: 20 }, (_, i) => ({ task: `t${i}`, title: `t${i}`, markdown: big }));
    const md = renderReport({ ...base, reports }, [], false, { maxChars: 30_000 });
    expect(md.length).toBeLessThan(30_000);
    expect(md).toContain('task report(s) left out');
  });

  it('caps the task table of a huge loop', () => {
    const tasks = Array.from({ length: 400 }, (_, i) => ({
      path: `for-loop-2/iteration-${i}/train`,
      state: 'SUCCEEDED',
      durationMs: 5,
    }));
    const md = renderReport({ ...base, tasks }, [], true);
    expect(md).toContain('| _… 250 more tasks_ | | |');
    expect(md.split('\n').filter((l) => l.includes('train <sub>'))).toHaveLength(150);
  });

  it('shows the best trial of tuning tasks and lists outputs it cannot show inline', () => {
    const md = renderReport(
      {
        ...base,
        tuning: [
          { task: 'tune-train', bestParameters: { lr: 0.01, layers: 2 }, bestMetrics: { loss: 0.123456 } },
        ],
        artifacts: [
          { task: 'explain', port: 'plots', type: 'system.HTML', path: '.kite/artifacts/p/r/explain/plots' },
        ],
      },
      [],
      true,
    );
    expect(md).toContain('| tune-train | lr = 0.01, layers = 2 | loss = 0.1235 |');
    expect(md).toContain('| explain | plots (system.HTML) | `.kite/artifacts/p/r/explain/plots` |');
  });

  it('formats durations', () => {
    expect([formatSeconds(null), formatSeconds(12), formatSeconds(1500), formatSeconds(61_000)]).toEqual([
      '–',
      '12 ms',
      '1.5 s',
      '1 min 1 s',
    ]);
  });
});
