/**
 * A failed `check-data` task keeps no scan result (a failed attempt's outputs are discarded),
 * yet the annotation should point at the failing line of the checks file. Its input dataset is
 * still in the artifact store and its parameters in the task record, so the action scans the
 * same data with the same checks again (DuckDB, seconds) to recover each check's outcome and
 * `file:line`.
 */
import type * as Quality from '../quality/index.js';
import type { Store, TaskRecord } from '../store/index.js';
import type { DataCheckOutcome } from './outcome.js';

/** The part of the quality module a re-scan needs. */
export type GateRunner = Pick<typeof Quality, 'runGate'>['runGate'];

interface ScanCheck {
  name?: string;
  outcome?: string | null;
  location?: { filePath?: string; line?: number };
  outcomeReasons?: { message?: string }[];
}

/** Scan-result checks (Soda's JSON shape) → outcomes of one task. */
export function checksOfScan(task: string, checks: readonly ScanCheck[]): DataCheckOutcome[] {
  return checks.map((c) => {
    const check: DataCheckOutcome = {
      task,
      name: c.name ?? '(unnamed check)',
      outcome:
        c.outcome === 'pass' || c.outcome === 'warn' || c.outcome === 'fail' ? c.outcome : 'not evaluated',
    };
    if (c.location?.filePath) check.file = c.location.filePath;
    if (typeof c.location?.line === 'number') check.line = c.location.line;
    const why = c.outcomeReasons
      ?.map((r) => r.message)
      .filter(Boolean)
      .join('; ');
    if (why) check.detail = why;
    return check;
  });
}

const FORMATS = ['csv', 'parquet', 'json', 'duckdb'] as const;

/**
 * Re-scans the input of a failed `check-data` task; `undefined` when it cannot (input gone,
 * checks not readable) — the task's own error is annotated then.
 */
export async function rescanFailedCheck(
  store: Store,
  task: TaskRecord,
  runGate: GateRunner,
): Promise<DataCheckOutcome[] | undefined> {
  const p = task.inputs?.parameters ?? {};
  const dataId = task.inputs?.artifacts.data?.[0];
  const data = dataId === undefined ? undefined : store.meta.getArtifact(dataId);
  if (!data || typeof p.checks !== 'string') return undefined;
  const format = FORMATS.find((f) => f === p.format);
  const variables = Object.fromEntries(
    Object.entries((p.variables ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
  try {
    const gate = await runGate({
      dataPath: data.uri,
      table: typeof p.table === 'string' ? p.table : 'dataset',
      checks: p.checks,
      variables,
      ...(format ? { format } : {}),
    });
    return checksOfScan(task.path, gate.result.checks);
  } catch {
    return undefined;
  }
}
