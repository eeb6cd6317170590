/** {@link ArtifactRecordStore} on SQLite: artifact rows and lineage queries. */
import { isAbsolute, resolve } from 'node:path';
import { KiteError } from '../../core/index.js';
import type { ArtifactRecord, ArtifactRecordStore, LineageEntry, RunState } from '../types.js';
import {
  type ArtifactRow,
  artifactOf,
  type Db,
  type EventRow,
  eventOf,
  type TaskRow,
  taskOf,
  toJson,
} from './rows.js';

interface LineageRow extends EventRow {
  task: string;
  run_pipeline_name: string;
  run_state: string;
  run_created_at: number;
}

/** The {@link ArtifactRecordStore} part of the SQLite metadata store. */
export function createArtifactRecordStore(d: Db): ArtifactRecordStore {
  const getArtifact = (id: number): ArtifactRecord | undefined => {
    const row = d.prepare('SELECT * FROM artifacts WHERE id = ?').get(id) as ArtifactRow | undefined;
    return row === undefined ? undefined : artifactOf(row);
  };
  const getArtifactsByUri = (uri: string): ArtifactRecord[] =>
    (d.prepare('SELECT * FROM artifacts WHERE uri = ? ORDER BY id DESC').all(uri) as ArtifactRow[]).map(
      artifactOf,
    );

  /** An artifact by id, or the newest row of a URI (committed rows first). */
  const find = (ref: number | string): ArtifactRecord | undefined => {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return getArtifact(Number(ref));
    const candidates = [ref];
    if (!isAbsolute(ref)) candidates.push(resolve(ref));
    for (const uri of candidates) {
      const rows = getArtifactsByUri(uri);
      const best = rows.find((a) => a.committed) ?? rows[0];
      if (best !== undefined) return best;
    }
    return undefined;
  };

  const entries = (artifactId: number, type: 'INPUT' | 'OUTPUT'): LineageEntry[] => {
    const rows = d
      .prepare(
        `SELECT e.*, json_object(
             'id', t.id, 'run_id', t.run_id, 'path', t.path, 'component_name', t.component_name, 'state', t.state,
             'attempts', t.attempts, 'cache_key', t.cache_key, 'cached_from', t.cached_from, 'inputs', t.inputs,
             'outputs', t.outputs, 'error_message', t.error_message, 'error_stack', t.error_stack,
             'error_code', t.error_code, 'created_at', t.created_at, 'started_at', t.started_at,
             'finished_at', t.finished_at, 'wall_ms', t.wall_ms, 'cpu_ms', t.cpu_ms,
             'peak_rss_bytes', t.peak_rss_bytes) AS task,
           r.pipeline_name AS run_pipeline_name, r.state AS run_state, r.created_at AS run_created_at
         FROM events e JOIN tasks t ON t.id = e.task_id JOIN runs r ON r.id = t.run_id
         WHERE e.artifact_id = ? AND e.type = ? ORDER BY e.created_at, e.task_id`,
      )
      .all(artifactId, type) as LineageRow[];
    return rows.map((row) => {
      const task = taskOf(JSON.parse(row.task) as TaskRow);
      return {
        event: eventOf(row),
        task,
        run: {
          id: task.runId,
          pipelineName: row.run_pipeline_name,
          state: row.run_state as RunState,
          createdAt: row.run_created_at,
        },
      };
    });
  };

  return {
    getArtifact,
    getArtifactsByUri,

    recordArtifact(artifact) {
      const info = d
        .prepare(
          `INSERT INTO artifacts (uri, type_title, digest, size_bytes, kind, metadata, created_at, committed)
           VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
        )
        .run(
          artifact.uri,
          artifact.typeTitle,
          artifact.digest,
          artifact.sizeBytes,
          artifact.kind,
          toJson(artifact.metadata ?? {}),
          Date.now(),
        );
      return getArtifact(Number(info.lastInsertRowid))!;
    },

    listTaskArtifacts(taskId, type) {
      const rows = d
        .prepare(
          `SELECT e.port AS port, a.* FROM events e JOIN artifacts a ON a.id = e.artifact_id
           WHERE e.task_id = ? AND e.type = ? ORDER BY e.port, e.idx`,
        )
        .all(taskId, type) as Array<ArtifactRow & { port: string }>;
      return rows.map((row) => ({ port: row.port, artifact: artifactOf(row) }));
    },

    getLineage(ref) {
      const artifact = find(ref);
      if (artifact === undefined) {
        throw new KiteError(
          'NOT_FOUND',
          `no artifact with ${typeof ref === 'number' ? 'id' : 'id or URI'} '${ref}'`,
          {
            hint: 'artifact URIs are shown by `kite runs show <run-id>`',
          },
        );
      }
      return {
        artifact,
        producedBy: entries(artifact.id, 'OUTPUT'),
        consumedBy: entries(artifact.id, 'INPUT'),
      };
    },

    markArtifactsMissing(ids) {
      d.tx(() => {
        const update = d.prepare('UPDATE artifacts SET committed = 0 WHERE id = ?');
        for (const id of ids) update.run(id);
      });
    },
  };
}
