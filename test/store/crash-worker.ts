/**
 * A child process for the crash tests: it drives runs through the store exactly as the
 * orchestrator does (cache lookup, attempt, staged outputs, commit, logs, metrics) so that the
 * parent can SIGKILL it at any moment and check what is left.
 *
 *   node --import tsx test/store/crash-worker.ts <root> run [max-runs]   # start runs until killed
 *   node --import tsx test/store/crash-worker.ts <root> resume           # finish every orphaned run
 *
 * Every content it writes ends with the hex SHA-256 of the bytes before it, so that the parent
 * can tell a complete file from a torn one without the database.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore, type PortValues, type Store } from '../../src/store/index.js';
import { TASKS } from './crash-pipeline.js';

async function writeSelfChecking(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  const hash = createHash('sha256');
  try {
    for (let written = 0; written < size; ) {
      const chunk = randomBytes(Math.min(16_384, size - written));
      hash.update(chunk);
      await handle.write(chunk);
      written += chunk.length;
    }
    await handle.write(hash.digest('hex'));
  } finally {
    await handle.close();
  }
}

async function runPipeline(
  store: Store,
  runId: string,
  seed: number,
  done: ReadonlySet<string>,
): Promise<void> {
  let previous: number | undefined;
  for (const [i, path] of TASKS.entries()) {
    const task = store.meta.ensureTask(runId, { path, componentName: `comp-${path.split('/').pop()}` });
    if (done.has(path)) {
      previous = task.outputs?.artifacts.out?.[0];
      continue;
    }
    const cacheKey = `${path}:${seed}`;
    const inputs: PortValues = {
      parameters: { seed },
      artifacts: previous === undefined ? {} : { in: [previous] },
    };
    const hit = await store.findCached(cacheKey);
    if (hit !== undefined && i % 2 === 0) {
      const cached = store.meta.markCached(task.id, hit, { inputs, cacheKey });
      previous = cached.outputs?.artifacts.out?.[0];
      continue;
    }
    const { attempt } = store.meta.startAttempt(task.id, { inputs, cacheKey });
    const area = await store.artifacts.stage({ pipelineName: 'crash', runId, taskPath: path });
    const out = area.pathFor('out');
    if (i === 2) {
      await mkdir(out);
      for (let f = 0; f < 3; f++) await writeSelfChecking(join(out, `part-${f}`), randomInt(8_000, 64_000));
    } else {
      await writeSelfChecking(out, randomInt(16_000, 200_000));
    }
    store.meta.appendLogs(
      task.id,
      attempt,
      Array.from({ length: 20 }, (_, n) => ({ stream: 'stdout' as const, line: `${path} line ${n}` })),
    );
    store.meta.recordMetrics(runId, task.id, { loss: 1 / (i + 1) }, i);
    const committed = await store.commitTask(task.id, attempt, {
      area,
      outputs: { out: { typeTitle: 'system.Dataset' } },
      parameters: { index: i },
      usage: { wallMs: 1, cpuMs: 1, peakRssBytes: process.memoryUsage().rss },
    });
    previous = committed.outputs?.artifacts.out?.[0];
  }
  store.meta.finishRun(runId, 'SUCCEEDED');
}

async function main(): Promise<void> {
  const [root, mode, max] = process.argv.slice(2);
  if (root === undefined || (mode !== 'run' && mode !== 'resume')) {
    process.stderr.write('usage: crash-worker.ts <root> run|resume [max-runs]\n');
    process.exit(2);
  }
  const store = openStore(root);
  process.stdout.write('ready\n');
  if (mode === 'run') {
    const limit = max === undefined ? Number.POSITIVE_INFINITY : Number(max);
    for (let n = 0; n < limit; n++) {
      const seed = randomInt(0, 3);
      const run = store.meta.createRun({
        pipelineName: 'crash',
        spec: { seed },
        params: { seed },
        rootDir: root,
      });
      await runPipeline(store, run.id, seed, new Set());
    }
  } else {
    for (const run of store.meta.listRuns({ state: ['RUNNING', 'PENDING'], limit: 1000 })) {
      const claim = await store.resumeRun(run.id, { staleMs: 3_600_000 });
      await runPipeline(store, run.id, Number(run.params.seed), new Set(claim.completed.keys()));
    }
  }
  store.close();
}

await main();
