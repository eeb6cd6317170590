/** The SQLite {@link MetadataStore}: one database file, shared safely between processes. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KiteError } from '../../core/index.js';
import type { MetadataStore } from '../types.js';
import { createArtifactRecordStore } from './artifacts.js';
import { createExperimentStore, createKvStore } from './documents.js';
import { createObservationStore } from './observations.js';
import { wrapDb } from './rows.js';
import { createRunStore } from './runs.js';
import { type OpenDatabaseOptions, openDatabase } from './schema.js';
import { createTaskStore } from './tasks.js';

/**
 * Opens (creating and migrating as needed) a metadata database file. `:memory:` works for
 * tests.
 *
 * @example
 * ```ts
 * const meta = openSqliteMetadataStore('/tmp/kite/kite.db');
 * const run = meta.createRun({ pipelineName: 'demo', spec, rootDir: '/tmp/kite' });
 * meta.finishRun(run.id, 'SUCCEEDED');
 * meta.close();
 * ```
 */
export function openSqliteMetadataStore(path: string, options: OpenDatabaseOptions = {}): MetadataStore {
  if (path !== ':memory:') {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (cause) {
      throw new KiteError('IO', `cannot create the directory of ${path}`, { cause });
    }
  }
  const db = openDatabase(path, options);
  const d = wrapDb(db);
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  let closed = false;
  const runs = createRunStore(d);
  const tasks = createTaskStore(d);
  return {
    ...runs,
    ...tasks,
    ...createArtifactRecordStore(d),
    ...createObservationStore(d),
    ...createKvStore(d),
    ...createExperimentStore(d),
    schemaVersion,
    getRunDetails(id) {
      // One read transaction so that the run and its tasks are from the same moment.
      return d.db.transaction(() => {
        const run = runs.getRun(id);
        return run === undefined ? undefined : { run, tasks: tasks.listTasks(id) };
      })();
    },
    transaction: (fn) => d.tx(fn),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
