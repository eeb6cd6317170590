/**
 * Orchestration overhead of `runPipeline` per task on a no-op DAG, each figure printed next to
 * the cost of the bare component call measured in the same process:
 *
 *   npx tsx bench/orchestrator/overhead.ts            # 100 tasks in-process, 20 with process isolation
 *   KITE_BENCH_PROCESS_TASKS=0 npx tsx bench/...       # skip the (slow) process-isolation part
 *
 * In-process figures are medians of three rounds. Runs use concurrency 1 so that wall time per task = bare call + orchestration overhead.
 * The store is a fresh root in a temp dir with its default durability (fsync on).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compilePipeline, componentsOf } from '../../src/compiler/index.js';
import { executeComponent } from '../../src/executor/index.js';
import { kiteCliCommand, runPipeline } from '../../src/orchestrator/index.js';
import { openStore } from '../../src/store/index.js';
import { dag20, dag100, noop } from './noop-pipeline.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const moduleFile = relative(repo, fileURLToPath(new URL('./noop-pipeline.ts', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'kite-bench-orch-'));
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function bareInProcess(n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const out = join(dir, 'bare', String(i));
    // the same call the in-process orchestrator makes (no output files: it reads the returned output)
    await executeComponent(
      noop,
      {
        inputs: { parameterValues: { i } },
        outputs: {
          parameters: { out: { outputFile: join(out, 'out') } },
          outputFile: join(out, 'output_metadata.json'),
        },
      },
      { writeOutputFiles: false },
    );
  }
  return (performance.now() - t0) / n;
}

function spawnOnce(i: number): Promise<void> {
  const out = join(dir, 'bare-proc', String(i));
  const input = JSON.stringify({
    inputs: { parameterValues: { i } },
    outputs: {
      parameters: { out: { outputFile: join(out, 'out') } },
      outputFile: join(out, 'output_metadata.json'),
    },
  });
  const [node, ...pre] = kiteCliCommand();
  const args = [...pre, 'execute', '--executor_input', input, '--component', 'noop', '--module', moduleFile];
  return new Promise((resolve, reject) => {
    // as the orchestrator spawns it: same environment, output read through pipes
    const child = spawn(node!, args, {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env },
    });
    child.stdout.resume();
    child.stderr.resume();
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kite execute exited ${code}`))));
  });
}

async function bareProcess(n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await spawnOnce(i);
  return (performance.now() - t0) / n;
}

async function timedRun(
  p: typeof dag100,
  root: string,
  options: { process?: boolean; noCache?: boolean } = {},
) {
  const store = openStore(join(dir, root));
  try {
    const spec = compilePipeline(p, { module: moduleFile });
    const tasks = Object.keys(spec.root.dag?.tasks ?? {}).length;
    const t0 = performance.now();
    const r = await runPipeline({
      spec,
      store,
      components: options.process ? undefined : componentsOf(p),
      cwd: repo,
      concurrency: 1,
      isolation: options.process ? 'process' : 'inprocess',
      noCache: options.noCache ?? false,
    });
    const wall = performance.now() - t0;
    if (r.state !== 'SUCCEEDED') throw new Error(`run ${r.state}: ${r.error?.message}`);
    const cached = r.tasks.filter((t) => t.state === 'CACHED').length;
    return { perTask: wall / tasks, tasks, cached };
  } finally {
    store.close();
  }
}

try {
  const cpu = (await import('node:os')).cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `orchestrator overhead — node ${process.version}, ${cpu}, ${(await import('node:os')).availableParallelism()} cores`,
  );
  await bareInProcess(20); // warm up
  await timedRun(dag20, 'warm', { noCache: true });
  // three rounds, medians: the machine this was written on is shared and noisy
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rounds = [0, 1, 2];
  const bares: number[] = [];
  const firsts: number[] = [];
  const cacheds: number[] = [];
  let tasks = 0;
  let hits = 0;
  for (const r of rounds) {
    bares.push(await bareInProcess(100));
    const run = await timedRun(dag100, `a${r}`);
    const again = await timedRun(dag100, `a${r}`);
    firsts.push(run.perTask);
    cacheds.push(again.perTask);
    tasks = run.tasks;
    hits = again.cached;
  }
  const bare = median(bares);
  const first = { perTask: median(firsts), tasks };
  const cached = { perTask: median(cacheds), tasks, cached: hits };
  console.log(
    `in-process, ${first.tasks} tasks:  ${ms(first.perTask)}/task  (bare call ${ms(bare)}; overhead ${ms(first.perTask - bare)}; target ≤ 5 ms)`,
  );
  console.log(
    `cached re-run, ${cached.tasks} tasks (${cached.cached} cached): ${ms(cached.perTask)}/task  (bare call ${ms(bare)} not made; target ≤ 2 ms)`,
  );
  const n = Number(process.env.KITE_BENCH_PROCESS_TASKS ?? 20);
  if (n > 0) {
    // bare spawns before and after the run, averaged, to even out the machine's load drift
    const before = await bareProcess(Math.min(n, 20));
    const proc = await timedRun(dag20, 'p', { process: true, noCache: true });
    const bareProc = (before + (await bareProcess(Math.min(n, 20)))) / 2;
    console.log(
      `process isolation, ${proc.tasks} tasks: ${ms(proc.perTask)}/task  (bare kite execute spawn ${ms(bareProc)}; overhead ${ms(proc.perTask - bareProc)}; target ≤ 80 ms)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
