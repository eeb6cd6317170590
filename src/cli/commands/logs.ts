import { KiteError } from '../../core/index.js';
import type { Store, TaskRecord } from '../../store/index.js';
import type { Command } from '../command.js';
import { openExistingStore, ROOT_OPTIONS } from './store-root.js';

/** A task of a run by its full path or by a unique last segment(s) (`train` for `for-loop-2/iteration-0/train`). */
export function findTask(store: Store, runId: string, ref: string): TaskRecord {
  const exact = store.meta.getTask(runId, ref);
  if (exact) return exact;
  const tasks = store.meta.listTasks(runId);
  const hits = tasks.filter((t) => t.path.endsWith(`/${ref}`));
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `'${ref}' matches several tasks: ${hits.map((h) => h.path).join(', ')}`,
      {
        hint: 'give the full task path',
      },
    );
  }
  throw new KiteError('NOT_FOUND', `run ${runId} has no task '${ref}'`, {
    hint: tasks.length > 0 ? `its tasks: ${tasks.map((t) => t.path).join(', ')}` : 'the run has no tasks yet',
  });
}

export const logsCommand: Command = {
  name: ['logs'],
  summary: "print a task's log lines (its ctx.log, and stdout/stderr with --isolation process)",
  usage: `Usage: kite logs <run-id> <task> [--attempt <n>] [--root <dir>] [--json]

<task> is the task path (e.g. for-loop-2/iteration-0/train) or its unique last part.`,
  options: { ...ROOT_OPTIONS, attempt: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [runRef, taskRef] = positionals;
    if (!runRef || !taskRef || positionals.length > 2) {
      throw new KiteError('INVALID_ARGUMENT', 'expected a run id and a task', {
        hint: 'kite logs <run-id> <task>',
      });
    }
    const store = openExistingStore(values.root as string | undefined, io);
    try {
      const runId = store.meta.resolveRunId(runRef);
      const task = findTask(store, runId, taskRef);
      const attempt = values.attempt === undefined ? undefined : Number(values.attempt);
      const lines = store.meta.getTaskLogs(task.id, attempt === undefined ? {} : { attempt });
      if (values.json) {
        io.stdout(`${JSON.stringify({ runId, task: task.path, lines }, null, 2)}\n`);
        return 0;
      }
      const many = new Set(lines.map((l) => l.attempt)).size > 1;
      for (const l of lines)
        io.stdout(`${many ? `[attempt ${l.attempt}] ` : ''}${l.stream === 'stderr' ? '! ' : ''}${l.line}\n`);
      if (lines.length === 0) io.stderr(`no log lines for ${task.path}\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
