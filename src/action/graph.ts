/**
 * The pipeline graph as a Mermaid flowchart (GitHub renders it in job summaries and comments):
 * one node per task of the compiled spec, groups (exit handlers, conditions, loops) as
 * subgraphs, edges from `dependentTasks` and data producers, each node coloured by the state
 * of the task's runs (a loop body: `2× SUCCEEDED`) with its duration.
 */
import type { DagSpec, PipelineSpec, PipelineTaskSpec } from '../ir/index.js';
import type { TaskOutcome } from './outcome.js';
import { formatSeconds } from './summary.js';

const CLASSES: Record<string, string> = {
  SUCCEEDED: 'fill:#dafbe1,stroke:#1a7f37',
  CACHED: 'fill:#ddf4ff,stroke:#0969da',
  FAILED: 'fill:#ffebe9,stroke:#cf222e',
  SKIPPED: 'fill:#f6f8fa,stroke:#8c959f,stroke-dasharray:3 3',
  CANCELED: 'fill:#fff8c5,stroke:#9a6700',
  RUNNING: 'fill:#fff8c5,stroke:#9a6700',
};

/** The spec path of a runtime task path: loop iterations folded (`for-loop-2/iteration-1/x` → `for-loop-2/x`). */
function specPath(path: string): string {
  return path.replace(/(^|\/)iteration-\d+(?=\/)/g, '').replace(/^\//, '');
}

function producers(task: PipelineTaskSpec): string[] {
  const out = new Set(task.dependentTasks ?? []);
  for (const p of Object.values(task.inputs?.parameters ?? {})) {
    if (p.taskOutputParameter?.producerTask) out.add(p.taskOutputParameter.producerTask);
    if (p.taskFinalStatus?.producerTask) out.add(p.taskFinalStatus.producerTask);
  }
  for (const a of Object.values(task.inputs?.artifacts ?? {}))
    if (a.taskOutputArtifact?.producerTask) out.add(a.taskOutputArtifact.producerTask);
  return [...out];
}

const quote = (text: string) => text.replace(/"/g, '#quot;').replace(/[<>]/g, '');

/** Mermaid text of the spec's DAG with the run's task states, or `undefined` for an empty spec. */
export function mermaidGraph(spec: PipelineSpec, tasks: readonly TaskOutcome[]): string | undefined {
  const root = spec.root?.dag;
  if (!root?.tasks || Object.keys(root.tasks).length === 0) return undefined;
  const byPath = new Map<string, TaskOutcome[]>();
  for (const t of tasks) {
    const key = specPath(t.path);
    byPath.set(key, [...(byPath.get(key) ?? []), t]);
  }
  const lines = ['flowchart TD'];
  const edges: string[] = [];
  const classes = new Map<string, string[]>();
  let n = 0;
  const walk = (dag: DagSpec, prefix: string, indent: string): void => {
    const ids = new Map<string, string>();
    for (const name of Object.keys(dag.tasks ?? {})) ids.set(name, `n${n++}`);
    for (const [name, task] of Object.entries(dag.tasks ?? {})) {
      const id = ids.get(name) as string;
      const path = `${prefix}${name}`;
      const sub = spec.components?.[task.componentRef?.name ?? '']?.dag;
      if (sub) {
        const loop = task.parameterIterator || task.artifactIterator ? ' 🔁' : '';
        lines.push(`${indent}subgraph ${id}["${quote(name)}${loop}"]`);
        walk(sub, `${path}/`, `${indent}  `);
        lines.push(`${indent}end`);
      } else {
        // Kubeflow reports bare task names; local runs report paths.
        const runs = byPath.get(path) ?? tasks.filter((t) => !t.path.includes('/') && t.path === name);
        const states = [...new Set(runs.map((r) => r.state))];
        const state =
          states.length === 1 ? (states[0] as string) : states.includes('FAILED') ? 'FAILED' : 'RUNNING';
        const ms = runs.reduce((s, r) => s + (r.durationMs ?? 0), 0);
        const time = formatSeconds(runs.some((r) => r.durationMs !== null) ? ms : null);
        const what =
          runs.length === 0 ? 'not run' : `${runs.length > 1 ? `${runs.length}× ` : ''}${state} · ${time}`;
        lines.push(`${indent}${id}["${quote(name)}<br/>${quote(what)}"]`);
        if (runs.length > 0 && CLASSES[state]) classes.set(state, [...(classes.get(state) ?? []), id]);
      }
      for (const dep of producers(task)) {
        const from = ids.get(dep);
        if (from) edges.push(`  ${from} --> ${id}`);
      }
    }
  };
  walk(root, '', '  ');
  lines.push(...edges);
  for (const [state, ids] of classes) {
    lines.push(`  classDef ${state.toLowerCase()} ${CLASSES[state]}`);
    lines.push(`  class ${ids.join(',')} ${state.toLowerCase()}`);
  }
  return lines.join('\n');
}
