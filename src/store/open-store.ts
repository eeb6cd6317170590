/**
 * `openStore(root)`: the metadata database and the artifact store under one root directory,
 * plus the operations that must touch both in a fixed order (content first, metadata second).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KiteError } from '../core/index.js';
import { createLocalArtifactStore, type LocalArtifactStoreOptions } from './local/local-artifact-store.js';
import { isSelf } from './owner.js';
import type { OpenDatabaseOptions } from './sqlite/schema.js';
import { openSqliteMetadataStore } from './sqlite/sqlite-metadata-store.js';
import type { ArtifactRecord, ArtifactStore, CacheHit, MetadataStore, NewArtifact, Store } from './types.js';

/** File name of the metadata database inside a root. */
export const DB_FILE = 'kite.db';
/** Directory of artifact contents inside a root. */
export const ARTIFACTS_DIR = 'artifacts';

export interface OpenStoreOptions extends OpenDatabaseOptions, LocalArtifactStoreOptions {}

/** True when the content behind an artifact row is still there. */
async function isPresent(artifacts: ArtifactStore, artifact: ArtifactRecord): Promise<boolean> {
  if (artifact.kind === 'none') return true;
  try {
    return await artifacts.exists(artifact.uri);
  } catch {
    return false; // a URI this store cannot read counts as gone
  }
}

/** Composes a {@link Store} from any metadata and artifact store (e.g. a future object store). */
export function composeStore(root: string, meta: MetadataStore, artifacts: ArtifactStore): Store {
  const missingOf = async (list: readonly ArtifactRecord[]): Promise<number[]> => {
    const missing: number[] = [];
    for (const a of list) if (!(await isPresent(artifacts, a))) missing.push(a.id);
    return missing;
  };

  return {
    root,
    meta,
    artifacts,

    async commitTask(taskId, attempt, options) {
      // Check ownership before touching final paths: a process whose run was taken over must not
      // replace contents the new owner committed. (What is left is the short window between this
      // check and the renames, reachable only by a forced or stale-heartbeat takeover.)
      const open = meta.getTaskById(taskId);
      const owner = open === undefined ? undefined : meta.getRun(open.runId)?.owner;
      if (
        open === undefined ||
        open.state !== 'RUNNING' ||
        open.attempts !== attempt ||
        !isSelf(owner ?? null)
      ) {
        throw new KiteError(
          'CONFLICT',
          `attempt ${attempt} of task ${taskId} is no longer open in this process`,
          {
            hint: 'the run was resumed by another process; this one should stop',
          },
        );
      }
      const committed: Record<string, NewArtifact[]> = {};
      for (const [port, out] of Object.entries(options.outputs ?? {})) {
        const content = await artifacts.commit(options.area, port, {
          allowMissing: out.allowMissing ?? false,
        });
        committed[port] = [{ ...content, typeTitle: out.typeTitle, metadata: out.metadata ?? {} }];
      }
      const task = meta.succeedAttempt(taskId, attempt, {
        parameters: options.parameters ?? {},
        artifacts: committed,
        ...(options.usage === undefined ? {} : { usage: options.usage }),
      });
      await artifacts.discard(options.area);
      return task;
    },

    async findCached(cacheKey): Promise<CacheHit | undefined> {
      for (const hit of meta.listCacheCandidates(cacheKey)) {
        const missing = await missingOf(hit.artifacts);
        if (missing.length === 0) return hit;
        meta.markArtifactsMissing(missing);
      }
      return undefined;
    },

    async resumeRun(runId, options = {}) {
      await artifacts.sweepStaging();
      const claim = meta.claimRun(runId, options);
      for (const [path, task] of [...claim.completed]) {
        const outputs = meta.listTaskArtifacts(task.id, 'OUTPUT').map((o) => o.artifact);
        const missing = [
          ...(await missingOf(outputs)),
          ...outputs.filter((a) => !a.committed).map((a) => a.id),
        ];
        if (missing.length === 0) continue;
        meta.transaction(() => {
          meta.markArtifactsMissing(missing);
          meta.resetTask(task.id);
        });
        claim.completed.delete(path);
        claim.reset.push(path);
      }
      return claim;
    },

    close() {
      meta.close();
    },
  };
}

/**
 * Opens the store under `rootDir` (created if needed): `<root>/kite.db` (SQLite, WAL) and
 * `<root>/artifacts/`. Several processes may open the same root at once.
 *
 * @example
 * ```ts
 * const store = openStore('.kite');
 * const run = store.meta.createRun({ pipelineName: 'demo', spec, rootDir: store.root });
 * ```
 */
export function openStore(rootDir: string, options: OpenStoreOptions = {}): Store {
  const root = resolve(rootDir);
  try {
    mkdirSync(join(root, ARTIFACTS_DIR), { recursive: true });
  } catch (cause) {
    throw new KiteError('IO', `cannot create the Kite root ${root}`, { cause, hint: 'pass another --root' });
  }
  const meta = openSqliteMetadataStore(join(root, DB_FILE), options);
  return composeStore(
    root,
    meta,
    createLocalArtifactStore(
      join(root, ARTIFACTS_DIR),
      options.fsync === undefined ? {} : { fsync: options.fsync },
    ),
  );
}
