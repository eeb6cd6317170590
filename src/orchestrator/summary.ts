/** Per-task summaries of a run, as `kite run --json` and `kite runs show` print them. */
import type { Store } from '../store/index.js';
import type { TaskSummary } from './types.js';

/** Every task of a run in creation order, with output parameters and artifact URIs. */
export function summarizeTasks(store: Store, runId: string): TaskSummary[] {
  return store.meta.listTasks(runId).map((t) => {
    const artifacts: Record<string, string[]> = {};
    for (const { port, artifact } of store.meta.listTaskArtifacts(t.id, 'OUTPUT')) {
      const list = artifacts[port] ?? [];
      list.push(artifact.uri);
      artifacts[port] = list;
    }
    return {
      path: t.path,
      componentName: t.componentName,
      state: t.state,
      attempts: t.attempts,
      durationMs: t.startedAt !== null && t.finishedAt !== null ? t.finishedAt - t.startedAt : null,
      usage: t.usage,
      error: t.error,
      outputs: { parameters: t.outputs?.parameters ?? {}, artifacts },
    };
  });
}
