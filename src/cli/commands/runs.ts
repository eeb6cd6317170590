import { KiteError } from '../../core/index.js';
import { summarizeTasks } from '../../orchestrator/index.js';
import type { RunRecord } from '../../store/index.js';
import type { Command } from '../command.js';
import { formatDuration } from './run-progress.js';
import { openExistingStore, ROOT_OPTIONS } from './store-root.js';

/** A fixed-width text table. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[fmt(head), ...rows.map(fmt)].join('\n')}\n`;
}

const when = (ms: number | null): string =>
  ms === null ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const took = (r: RunRecord): string =>
  r.startedAt !== null && r.finishedAt !== null ? formatDuration(r.finishedAt - r.startedAt) : '';

export const runsListCommand: Command = {
  name: ['runs', 'list'],
  summary: 'list local runs, newest first',
  usage: `Usage: kite runs list [--root <dir>] [--pipeline <name>] [--state <state>] [--limit <n>] [--json]`,
  options: {
    ...ROOT_OPTIONS,
    pipeline: { type: 'string' },
    state: { type: 'string' },
    limit: { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const store = openExistingStore(values.root as string | undefined, io);
    try {
      const limit = values.limit === undefined ? 50 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new KiteError('INVALID_ARGUMENT', `--limit must be a whole number ≥ 1`);
      const runs = store.meta.listRuns({
        limit,
        ...(values.pipeline ? { pipelineName: values.pipeline as string } : {}),
        ...(values.state ? { state: (values.state as string).toUpperCase() as RunRecord['state'] } : {}),
      });
      if (values.json) {
        io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
        return 0;
      }
      if (runs.length === 0) {
        io.stdout('no runs\n');
        return 0;
      }
      io.stdout(
        table(
          ['RUN', 'PIPELINE', 'STATE', 'CREATED', 'DURATION'],
          runs.map((r) => [r.id, r.pipelineName, r.state, when(r.createdAt), took(r)]),
        ),
      );
      return 0;
    } finally {
      store.close();
    }
  },
};

export const runsShowCommand: Command = {
  name: ['runs', 'show'],
  summary: 'show one run: its state, parameters, and every task with state, duration, cost and outputs',
  usage: `Usage: kite runs show <run-id> [--root <dir>] [--json]

The run id may be a unique prefix (at least 4 characters).`,
  options: { ...ROOT_OPTIONS },
  async run({ values, positionals }, io) {
    const [ref] = positionals;
    if (!ref || positionals.length > 1)
      throw new KiteError('INVALID_ARGUMENT', 'expected one run id', { hint: 'kite runs list' });
    const store = openExistingStore(values.root as string | undefined, io);
    try {
      const run = store.meta.requireRun(store.meta.resolveRunId(ref));
      const tasks = summarizeTasks(store, run.id);
      if (values.json) {
        io.stdout(`${JSON.stringify({ ...run, tasks }, null, 2)}\n`);
        return 0;
      }
      const out = [
        `run       ${run.id}`,
        `pipeline  ${run.pipelineName}`,
        `state     ${run.state}${run.error ? ` — ${run.error.message}` : ''}`,
        `created   ${when(run.createdAt)}  duration ${took(run) || '-'}`,
        `params    ${JSON.stringify(run.params)}`,
        '',
      ].join('\n');
      const rows = tasks.map((t) => [
        t.path,
        t.state,
        String(t.attempts),
        formatDuration(t.durationMs),
        t.usage ? formatDuration(t.usage.cpuMs) : '',
        t.usage ? `${(t.usage.peakRssBytes / 2 ** 20).toFixed(0)}MiB` : '',
        [
          ...Object.entries(t.outputs.parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
          ...Object.keys(t.outputs.artifacts),
        ].join(' '),
      ]);
      io.stdout(
        `${out}\n${table(['TASK', 'STATE', 'ATTEMPTS', 'WALL', 'CPU', 'PEAK RSS', 'OUTPUTS'], rows)}`,
      );
      for (const t of tasks) if (t.error) io.stdout(`\n${t.path} failed: ${t.error.message}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
