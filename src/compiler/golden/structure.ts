/**
 * A name-independent view of a PipelineSpec for golden comparisons: component references are
 * replaced by the component's structure, executors dropped, group numbers renumbered in order
 * of appearance, and defaults that mean the same thing made equal.
 */
import type { ComponentSpec, PipelineSpec } from '../../ir/index.js';

const GROUP = /\b(condition-branches|condition|for-loop|exit-handler|loop-item-param)-(\d+)\b/g;

function renumber(text: string): string {
  const seen = new Map<string, Map<string, number>>();
  return text.replace(GROUP, (_m, family: string, n: string) => {
    const f = seen.get(family) ?? new Map<string, number>();
    seen.set(family, f);
    if (!f.has(n)) f.set(n, f.size + 1);
    return `${family}-${f.get(n)}`;
  });
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function component(spec: ComponentSpec, all: Record<string, ComponentSpec>): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec.inputDefinitions ?? {})) {
    const defs: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(v as Record<string, Record<string, unknown>>)) {
      const d = { ...def };
      if (d.defaultValue !== undefined) delete d.isOptional;
      delete d.description;
      defs[name] = d;
    }
    out[`in.${k}`] = defs;
  }
  if (spec.outputDefinitions) out.outputs = spec.outputDefinitions;
  if (spec.executorLabel) out.executor = true;
  if (spec.dag) {
    const tasks: Record<string, unknown> = {};
    for (const [id, t] of Object.entries(spec.dag.tasks ?? {})) {
      const { componentRef, ...rest } = t;
      const ref = componentRef?.name ? all[componentRef.name] : undefined;
      tasks[id] = { ...rest, component: ref ? component(ref, all) : null };
    }
    out.tasks = tasks;
    if (spec.dag.outputs) out.dagOutputs = spec.dag.outputs;
  }
  return out;
}

/** The structure of a spec that golden tests compare. */
export function structureOf(spec: PipelineSpec): unknown {
  const view = {
    name: spec.pipelineInfo.name,
    schemaVersion: spec.schemaVersion,
    root: component(spec.root, spec.components ?? {}),
  };
  return JSON.parse(renumber(JSON.stringify(sortKeys(view))));
}
