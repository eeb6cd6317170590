/**
 * # store (layer 1)
 *
 * What Kite remembers: the **metadata store** (runs, tasks, attempts, artifacts, lineage,
 * metrics, logs, AutoML experiments, generic documents) and the **artifact store** (the
 * contents of artifacts). `openStore(root)` gives both under one directory:
 * `<root>/kite.db` (SQLite in WAL mode) and `<root>/artifacts/`.
 *
 * ## Main types
 * - {@link MetadataStore} (`types.ts`): synchronous, one short transaction per call; the SQLite
 *   implementation is {@link openSqliteMetadataStore}. Runs have string ids
 *   (`20261127-133303-a1b2c3d4`); tasks, artifacts and trials integer ids.
 * - {@link ArtifactStore}: async; {@link createLocalArtifactStore} keeps contents at
 *   `<artifacts>/<pipeline>/<run-id>/<task/path>/<output>` and uses that absolute path as the
 *   URI (like KFP's local runner: `uri == path`). Attempts write into a scratch area
 *   `<artifacts>/.staging/<host-tag>-<pid>-<random>/outputs/<output>`; `commit` fsyncs, digests
 *   and renames it into place (`{ fsync: false }` trades power-loss safety for speed, never
 *   atomicity). An object store can implement the same interface later.
 * - {@link Store}: both, plus `commitTask`, `findCached` and `resumeRun`, which must touch
 *   contents and metadata in a fixed order.
 *
 * ## Schema (v1, `sqlite/schema.ts`; `PRAGMA user_version` is the version)
 * `specs` (compiled spec by digest) ← `runs` (state, params, owner pid/host + heartbeat) ←
 * `tasks` (one per DAG path per run: state, attempts, cache key, inputs/outputs JSON, error,
 * summed wall/CPU ms, peak RSS) ← `attempts` (start/end, error, usage each). `artifacts` (URI,
 * schemaTitle, digest, size, kind, metadata, `committed`, producer) ↔ `events` (task, artifact,
 * INPUT/OUTPUT, port, index). `metrics` (run, task, step, name, value), `logs` (task, attempt,
 * stream, seq, line). `kv` (namespace, key, JSON). `experiments` / `trials` / `trial_reports`
 * for AutoML: typed columns for what every search needs (name, state, params, observation,
 * owner) and JSON for the rest (spec, status, algorithm state).
 *
 * ## Invariants
 * 1. An artifact row is `committed` only after its content was fsynced and renamed into place;
 *    whatever is at a final URI is complete (writers only ever write in `.staging/`).
 * 2. A task is SUCCEEDED only together with its committed output artifacts and OUTPUT events
 *    (one transaction, after the contents are in place).
 * 3. Every multi-row change is one `BEGIN IMMEDIATE` transaction; SIGKILL at any moment leaves
 *    either all of it or none.
 * 4. A live run has an owner (pid, host) and a heartbeat; only the owner writes its tasks.
 *    `claimRun` refuses (CONFLICT) while a live owner holds the run.
 *
 * ## Driving a run (what the orchestrator calls)
 * ```ts
 * const store = openStore(root);
 * const run = store.meta.createRun({ pipelineName, spec, params, rootDir: store.root }); // RUNNING, owned
 * setInterval(() => store.meta.heartbeat(run.id), 5_000).unref();
 * // per task, in dependency order:
 * const task = store.meta.ensureTask(run.id, { path: 'for-loop-2/iteration-0/train', componentName });
 * const hit = cacheEnabled ? await store.findCached(cacheKey) : undefined;
 * if (hit) store.meta.markCached(task.id, hit, { inputs, cacheKey }); // outputs = hit.task.outputs
 * else for (;;) {                                                       // one pass per attempt
 *   const { attempt } = store.meta.startAttempt(task.id, { inputs, cacheKey }); // inputs: PortValues
 *   const area = await store.artifacts.stage({ pipelineName, runId: run.id, taskPath: task.path });
 *   // executor input: artifact output `model` gets path area.pathFor('model') and uri
 *   // area.uriFor('model'); output parameter files and output_metadata.json go under area.dir.
 *   try {
 *     await runExecutor(...);
 *     await store.commitTask(task.id, attempt, {
 *       area, parameters, usage, outputs: { model: { typeTitle: 'system.Model', metadata } } });
 *     break;
 *   } catch (e) {
 *     store.meta.failAttempt(task.id, attempt, { error: { message, stack }, usage, retrying, canceled });
 *     await store.artifacts.discard(area);
 *     if (!retrying) break;
 *   }
 * }
 * store.meta.appendLogs(task.id, attempt, lines); store.meta.recordMetrics(run.id, task.id, { loss }, step);
 * store.meta.markTask(downstream.id, 'SKIPPED');
 * store.meta.finishRun(run.id, 'SUCCEEDED' | 'FAILED' | 'CANCELED', error);
 * ```
 *
 * Ownership: when `heartbeat(run.id)` returns false another process has claimed the run; stop
 * writing (its claim already closed this process's open attempts, so a late `commitTask` or
 * `failAttempt` throws CONFLICT instead of overwriting the new owner's state).
 *
 * ## Resume
 * `store.resumeRun(runId)` sweeps scratch areas of dead processes, claims the run (CONFLICT
 * while its owner lives), fails attempts left open, puts every task that is not
 * SUCCEEDED/CACHED back to PENDING, and returns `completed` (task path → record, with
 * `outputs`): the orchestrator reuses those outputs and runs the rest. A completed task whose
 * output contents vanished is reset too. Re-running with cache on finds the same tasks through
 * `findCached`.
 *
 * ## Left to do
 * - An object-store `ArtifactStore` (S3/MinIO); `localPath` then downloads.
 * - Garbage collection of old runs and of uncommitted artifact rows.
 */

export { newRunId } from './ids.js';
export { digestPath, NONE_DIGEST, type PathDigest } from './local/digest.js';
export { createLocalArtifactStore, type LocalArtifactStoreOptions } from './local/local-artifact-store.js';
export { ARTIFACTS_DIR, composeStore, DB_FILE, type OpenStoreOptions, openStore } from './open-store.js';
export { currentOwner, DEFAULT_STALE_MS, isOwnerDead, isProcessAlive } from './owner.js';
export { MIGRATIONS, type Migration, SCHEMA_VERSION } from './sqlite/schema.js';
export { openSqliteMetadataStore } from './sqlite/sqlite-metadata-store.js';
export * from './types.js';
