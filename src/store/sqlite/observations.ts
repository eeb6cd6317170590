/** {@link ObservationStore} on SQLite: metrics and log lines. */
import { KiteError } from '../../core/index.js';
import type { LogRecord, LogStream, MetricRecord, ObservationStore } from '../types.js';
import type { Db } from './rows.js';

interface MetricRow {
  run_id: string;
  task_id: number | null;
  step: number | null;
  name: string;
  value: number;
  created_at: number;
}

interface LogRow {
  run_id: string;
  task_id: number;
  attempt: number;
  stream: string;
  seq: number;
  line: string;
  time: number;
}

/** The {@link ObservationStore} part of the SQLite metadata store. */
export function createObservationStore(d: Db): ObservationStore {
  return {
    recordMetrics(runId, taskId, values, step = null) {
      const now = Date.now();
      d.tx(() => {
        const insert = d.prepare(
          'INSERT INTO metrics (run_id, task_id, step, name, value, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        );
        for (const [name, value] of Object.entries(values)) {
          if (typeof value !== 'number' || Number.isNaN(value)) {
            throw new KiteError(
              'INVALID_ARGUMENT',
              `metric '${name}' must be a number, got ${String(value)}`,
            );
          }
          insert.run(runId, taskId, step, name, value, now);
        }
      });
    },

    listMetrics(options) {
      const where = ['run_id = ?'];
      const args: unknown[] = [options.runId];
      if (options.taskId !== undefined) {
        where.push('task_id = ?');
        args.push(options.taskId);
      }
      if (options.name !== undefined) {
        where.push('name = ?');
        args.push(options.name);
      }
      const rows = d
        .prepare(`SELECT * FROM metrics WHERE ${where.join(' AND ')} ORDER BY id`)
        .all(...args) as MetricRow[];
      return rows.map(
        (r): MetricRecord => ({
          runId: r.run_id,
          taskId: r.task_id,
          step: r.step,
          name: r.name,
          value: r.value,
          createdAt: r.created_at,
        }),
      );
    },

    appendLogs(taskId, attempt, lines) {
      if (lines.length === 0) return;
      const now = Date.now();
      d.tx(() => {
        const task = d.prepare('SELECT run_id FROM tasks WHERE id = ?').get(taskId) as
          | { run_id: string }
          | undefined;
        if (task === undefined) throw new KiteError('NOT_FOUND', `no task with id ${taskId}`);
        const last = d
          .prepare('SELECT MAX(seq) AS seq FROM logs WHERE task_id = ? AND attempt = ?')
          .get(taskId, attempt) as { seq: number | null };
        let seq = (last.seq ?? -1) + 1;
        const insert = d.prepare(
          'INSERT INTO logs (run_id, task_id, attempt, stream, seq, line, time) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        for (const l of lines)
          insert.run(task.run_id, taskId, attempt, l.stream, seq++, l.line, l.time ?? now);
      });
    },

    getTaskLogs(taskId, options = {}) {
      const where = ['task_id = ?'];
      const args: unknown[] = [taskId];
      if (options.attempt !== undefined) {
        where.push('attempt = ?');
        args.push(options.attempt);
      }
      if (options.stream !== undefined) {
        where.push('stream = ?');
        args.push(options.stream);
      }
      if (options.afterSeq !== undefined) {
        where.push('seq > ?');
        args.push(options.afterSeq);
      }
      args.push(options.limit ?? -1);
      const rows = d
        .prepare(`SELECT * FROM logs WHERE ${where.join(' AND ')} ORDER BY attempt, seq LIMIT ?`)
        .all(...args) as LogRow[];
      return rows.map(
        (r): LogRecord => ({
          runId: r.run_id,
          taskId: r.task_id,
          attempt: r.attempt,
          stream: r.stream as LogStream,
          seq: r.seq,
          line: r.line,
          time: r.time,
        }),
      );
    },
  };
}
