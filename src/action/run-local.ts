/**
 * Local mode: compile the pipeline and run it on the runner with the user's installed Kite
 * (the embedded orchestrator, SQLite store under `root`), then read back what the summary
 * needs from the store: task states, final metrics, data-check results, Markdown reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { AnyComponent } from '../dsl/index.js';
import type { PipelineSpec } from '../ir/index.js';
import type { RunPipelineOptions } from '../orchestrator/index.js';
import type { Store } from '../store/index.js';
import type { KiteEngine } from './engine.js';
import { mermaidGraph } from './graph.js';
import type { ActionInputs } from './inputs.js';
import type { ReportOutcome, RunOutcome, TaskOutcome, TuningOutcome } from './outcome.js';
import { checksOfScan, type GateRunner, rescanFailedCheck } from './rescan.js';
import type { ActionIo } from './toolkit.js';

/** The first stack frame in the user's code (not Node's, not node_modules, not Kite's own). */
export function userFrame(stack: string | undefined, kiteLocation?: string): string | undefined {
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:.*? \()?(?:file:\/\/)?(\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1] as string;
    if (file.includes('/node_modules/')) continue;
    // Kite's own code (an installed `dist/`, or `src/` in a checkout — its test fixtures aside).
    if (kiteLocation && file.startsWith(`${kiteLocation}dist/`)) continue;
    if (kiteLocation && file.startsWith(`${kiteLocation}src/`) && !file.includes('/fixtures/')) continue;
    return `${file}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

/** `comp-check-data-2` → `check-data`: the component's own name. */
function componentOf(specName: string): string {
  return specName.replace(/^comp-/, '').replace(/-\d+$/, '');
}

/** The message without stack lines some errors carry along. */
function firstLines(message: string): string {
  return message
    .split('\n')
    .filter((l) => !/^\s+at /.test(l))
    .join('\n');
}

/** Compiles (or reads) the pipeline and returns the spec plus components when compiled here. */
async function loadLocal(
  engine: KiteEngine,
  inputs: ActionInputs,
  cwd: string,
): Promise<{ spec: PipelineSpec; components?: ReadonlyMap<string, AnyComponent> }> {
  if (/\.(ya?ml|json)$/i.test(inputs.pipeline)) {
    const loaded = await engine.kubeflow.loadSpec(inputs.pipeline, { cwd });
    return { spec: loaded.spec };
  }
  const p = await engine.compiler.loadPipeline(inputs.pipeline, {
    cwd,
    ...(inputs.pipelineName ? { name: inputs.pipelineName } : {}),
  });
  const spec = engine.compiler.compilePipeline(p, { module: relative(cwd, resolve(cwd, inputs.pipeline)) });
  return { spec, components: engine.compiler.componentsOf(p) };
}

function readText(uri: string): string | undefined {
  try {
    return existsSync(uri) ? readFileSync(uri, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Metrics, data checks and reports of every task of a finished local run. */
export async function collectFromStore(
  store: Store,
  runId: string,
  outcome: RunOutcome,
  cwd: string,
  runGate?: () => Promise<GateRunner>,
): Promise<void> {
  for (const task of store.meta.listTasks(runId)) {
    const isCheck = componentOf(task.componentName) === 'check-data';
    if (isCheck && task.state === 'FAILED' && runGate) {
      const checks = await rescanFailedCheck(store, task, await runGate());
      if (checks) outcome.dataChecks.push(...checks);
    }
    for (const { port, artifact } of store.meta.listTaskArtifacts(task.id, 'OUTPUT')) {
      if (artifact.typeTitle === 'system.Metrics') {
        for (const [name, value] of Object.entries(artifact.metadata)) {
          if (typeof value === 'number' && Number.isFinite(value))
            outcome.metrics.push({ task: task.path, name, value });
        }
      }
      if (isCheck && port === 'scan') {
        const text = readText(artifact.uri);
        const checks = text ? ((JSON.parse(text) as { checks?: [] }).checks ?? []) : [];
        outcome.dataChecks.push(...checksOfScan(task.path, checks));
      }
      if (artifact.typeTitle === 'system.HTML') {
        const rel = relative(cwd, artifact.uri);
        outcome.artifacts.push({
          task: task.path,
          port,
          type: artifact.typeTitle,
          path: rel.startsWith('..') ? artifact.uri : rel,
        });
      }
      if (artifact.typeTitle === 'system.Markdown') {
        const markdown = readText(artifact.uri);
        if (markdown) outcome.reports.push({ task: task.path, title: `${task.path} · ${port}`, markdown });
      }
    }
  }
}

/** The best trial of a tuning task's outputs, if it is one. */
export function tuningOf(task: string, parameters: Record<string, unknown>): TuningOutcome | undefined {
  const best = parameters.bestParameters;
  const metrics = parameters.bestMetrics;
  if (!best || typeof best !== 'object' || !metrics || typeof metrics !== 'object') return undefined;
  const bestMetrics: Record<string, number> = {};
  for (const [name, m] of Object.entries(metrics as Record<string, unknown>)) {
    const latest = Number((m as { latest?: unknown } | null)?.latest);
    if (Number.isFinite(latest)) bestMetrics[name] = latest;
  }
  return { task, bestParameters: best as Record<string, unknown>, bestMetrics };
}

/** Runs the pipeline on the runner. */
export async function runLocal(
  engine: KiteEngine,
  inputs: ActionInputs,
  cwd: string,
  io: ActionIo,
  signal?: AbortSignal,
): Promise<RunOutcome> {
  const started = Date.now();
  const { spec, components } = await loadLocal(engine, inputs, cwd);
  const store = engine.store.openStore(resolve(cwd, inputs.root));
  try {
    const options: RunPipelineOptions = {
      spec,
      store,
      cwd,
      params: engine.orchestrator.parseParamArgs(inputs.params, spec.root?.inputDefinitions),
      noCache: inputs.noCache,
      onEvent: (e) => {
        if (e.type === 'task' && e.state !== 'RUNNING' && e.state !== 'PENDING')
          io.write(`  ${e.path}: ${e.state}${e.error ? ` (${e.error.message.split('\n')[0]})` : ''}\n`);
      },
    };
    if (components) options.components = components;
    if (signal) options.signal = signal;
    const result = await engine.orchestrator.runPipeline(options);
    const tasks: TaskOutcome[] = result.tasks.map((t) => {
      const task: TaskOutcome = {
        path: t.path,
        component: componentOf(t.componentName),
        state: t.state,
        durationMs: t.durationMs,
      };
      if (t.error) {
        task.error = firstLines(t.error.message);
        const frame = userFrame(t.error.stack, engine.location);
        if (frame) task.errorFrame = frame;
      }
      return task;
    });
    const outcome: RunOutcome = {
      mode: 'local',
      pipelineName: result.pipelineName,
      runId: result.runId,
      state: result.state,
      tasks,
      metrics: [],
      dataChecks: [],
      reports: [] as ReportOutcome[],
      tuning: [],
      artifacts: [],
      seconds: (Date.now() - started) / 1000,
    };
    if (result.error) outcome.error = result.error.message;
    const graph = mermaidGraph(spec, tasks);
    if (graph) outcome.graph = graph;
    await collectFromStore(store, result.runId, outcome, cwd, engine.quality);
    for (const t of result.tasks) {
      const tuning = tuningOf(t.path, t.outputs.parameters);
      if (!tuning) continue;
      outcome.tuning.push(tuning);
      for (const [name, value] of Object.entries(tuning.bestMetrics))
        outcome.metrics.push({ task: t.path, name, value });
    }
    return outcome;
  } finally {
    store.close();
  }
}
