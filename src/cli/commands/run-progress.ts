/**
 * What `kite run` shows while a run goes: in a terminal, a live block with one line per task
 * (state, duration, a progress bar for tasks that report progress), redrawn at most ten times a
 * second; otherwise one plain line per state change. Both end with a summary table.
 */
import type { RunEvent, RunResult } from '../../orchestrator/index.js';
import type { CliIo } from '../command.js';

const MARK: Record<string, string> = {
  PENDING: '·',
  RUNNING: '▶',
  SUCCEEDED: '✓',
  CACHED: '↺',
  FAILED: '✗',
  SKIPPED: '-',
  CANCELED: '⊘',
};

/** `1.2s`, `340ms`, `2m05s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

const MAX_LINES = 20;

function bar(done: number, total: number, width = 20): string {
  const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const n = Math.round(f * width);
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}] ${Math.round(f * 100)}%`;
}

interface Line {
  state: string;
  started: number;
  durationMs?: number;
  progress?: { done: number; total: number };
  note?: string;
}

/** A progress view for one run; feed it events, then call `finish`. */
export function createProgress(io: CliIo): { onEvent(e: RunEvent): void; finish(): void } {
  const lines = new Map<string, Line>();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;

  const render = (): void => {
    timer = undefined;
    const pad = Math.min(60, Math.max(10, ...[...lines.keys()].map((k) => k.length)));
    const now = Date.now();
    const entries = [...lines.entries()];
    // at most MAX_LINES (a block taller than the terminal cannot be redrawn): running tasks
    // first, then the most recent others
    let shown = entries;
    if (entries.length > MAX_LINES) {
      const running = entries.filter(([, l]) => l.state === 'RUNNING').slice(-MAX_LINES);
      const rest = entries.filter(([, l]) => l.state !== 'RUNNING');
      shown = [...rest.slice(rest.length - (MAX_LINES - running.length)), ...running];
    }
    const text = shown.map(([path, l]) => {
      const d = formatDuration(l.durationMs ?? (l.state === 'RUNNING' ? now - l.started : undefined));
      const p = l.state === 'RUNNING' && l.progress ? `  ${bar(l.progress.done, l.progress.total)}` : '';
      return `${MARK[l.state] ?? '?'} ${path.padEnd(pad)} ${l.state.padEnd(9)} ${d.padStart(7)}${p}${l.note ? `  ${l.note}` : ''}`;
    });
    if (entries.length > shown.length) text.push(`  … ${entries.length - shown.length} more tasks`);
    io.stdout(`${drawn > 0 ? `\x1b[${drawn}A` : ''}\x1b[J${text.join('\n')}\n`);
    drawn = text.length;
  };
  let ticker: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    timer ??= setTimeout(render, 100);
    // keep the durations of running tasks moving even when nothing else happens
    ticker ??= setInterval(() => {
      if ([...lines.values()].some((l) => l.state === 'RUNNING')) schedule();
    }, 1000);
    ticker.unref();
  };

  return {
    onEvent(e) {
      if (e.type === 'run') {
        io.stdout(`${e.resumed ? 'resuming' : 'run'} ${e.runId} (${e.pipelineName})\n`);
        return;
      }
      const prev = lines.get(e.path);
      if (e.type === 'progress') {
        if (prev) prev.progress = { done: e.done, total: e.total };
        if (io.isTty) schedule();
        return;
      }
      if (e.type === 'retry') {
        const msg = `retrying after attempt ${e.attempt} failed (${e.error.message.split('\n')[0]}); next in ${formatDuration(e.delayMs)}`;
        if (io.isTty && prev) {
          prev.note = msg;
          schedule();
        } else io.stdout(`  ${e.path}: ${msg}\n`);
        return;
      }
      const line: Line = { state: e.state, started: prev?.started ?? Date.now() };
      if (e.durationMs !== undefined) line.durationMs = e.durationMs;
      lines.set(e.path, line);
      if (io.isTty) {
        schedule();
        return;
      }
      const d = e.durationMs !== undefined ? ` ${formatDuration(e.durationMs)}` : '';
      const why = e.error ? `: ${e.error.message.split('\n')[0]}` : '';
      io.stdout(`${MARK[e.state] ?? '?'} ${e.path} ${e.state}${d}${why}\n`);
    },
    finish() {
      if (ticker) clearInterval(ticker);
      if (timer) {
        clearTimeout(timer);
        render();
      } else if (io.isTty && lines.size > 0) render();
    },
  };
}

/** The closing table: one row per task, then the run's state and, on failure, why. */
export function summaryTable(result: RunResult): string {
  const rows = result.tasks.map((t) => [t.path, t.state, String(t.attempts), formatDuration(t.durationMs)]);
  const head = ['TASK', 'STATE', 'ATTEMPTS', 'DURATION'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [fmt(head), ...rows.map(fmt)];
  out.push('', `run ${result.runId} ${result.state}`);
  if (result.error) out.push(result.error.message);
  return `${out.join('\n')}\n`;
}
