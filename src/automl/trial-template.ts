/**
 * Trial template substitution as Katib's controller does it (`${trialParameters.X}` from the
 * parameter assignments or trial metadata) and extraction of the primary container's command
 * for local process trials (the image is ignored).
 */
import { KiteError } from '../core/index.js';
import type { Experiment, ParameterAssignment } from './types.js';

export interface TrialMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The value a trialParameter reference resolves to, or undefined when unknown. */
export function resolveReference(
  reference: string,
  assignments: readonly ParameterAssignment[],
  meta: TrialMeta,
  trialSpec: Record<string, unknown>,
): string | undefined {
  const m = /^\$\{trialSpec\.(.+?)\}$/.exec(reference);
  if (!m) return assignments.find((a) => a.name === reference)?.value;
  const key = m[1] ?? '';
  switch (key) {
    case 'Name':
      return meta.name;
    case 'Namespace':
      return meta.namespace;
    case 'Kind':
      return String(trialSpec.kind ?? '');
    case 'APIVersion':
      return String(trialSpec.apiVersion ?? '');
  }
  const sub = /^(.+)\[(.+)]$/.exec(key);
  const tMeta = (trialSpec.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  if (sub?.[1] === 'Labels') return meta.labels?.[sub[2] ?? ''] ?? tMeta.labels?.[sub[2] ?? ''];
  if (sub?.[1] === 'Annotations')
    return meta.annotations?.[sub[2] ?? ''] ?? tMeta.annotations?.[sub[2] ?? ''];
  return undefined;
}

/** The trialSpec with every `${trialParameters.X}` replaced (as text, like Katib). */
export function renderTrialSpec(
  e: Experiment,
  assignments: readonly ParameterAssignment[],
  meta: TrialMeta,
): Record<string, unknown> {
  const t = e.spec.trialTemplate;
  const spec = t?.trialSpec;
  if (!spec) throw new KiteError('UNSUPPORTED', 'only inline trialSpec templates can run locally');
  let text = JSON.stringify(spec);
  for (const p of t.trialParameters ?? []) {
    const v = resolveReference(p.reference, assignments, meta, spec);
    if (v === undefined) continue;
    // JSON.stringify(v).slice(1,-1) keeps the result valid JSON whatever v contains.
    text = text.split(`\${trialParameters.${p.name}}`).join(JSON.stringify(v).slice(1, -1));
  }
  return JSON.parse(text) as Record<string, unknown>;
}

export interface ContainerCommand {
  argv: string[];
  env: Record<string, string>;
  workingDir?: string;
}

function findContainers(node: unknown, out: Record<string, unknown>[]): void {
  if (Array.isArray(node)) {
    for (const x of node) findContainers(x, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if ((k === 'containers' || k === 'steps') && Array.isArray(v))
      for (const c of v) if (c && typeof c === 'object') out.push(c as Record<string, unknown>);
    findContainers(v, out);
  }
}

/**
 * The primary container's `command` + `args` and literal `env` values from a rendered
 * trial spec (Job, TFJob/PyTorchJob replicas, TrainJob, Tekton steps, … — any nested
 * `containers`/`steps` list). Throws when no container has the primary name or it has no command.
 */
export function primaryCommand(
  rendered: Record<string, unknown>,
  primaryContainerName: string,
): ContainerCommand {
  const all: Record<string, unknown>[] = [];
  findContainers(rendered, all);
  const c = all.find((x) => x.name === primaryContainerName);
  if (!c)
    throw new KiteError(
      'INVALID_SPEC',
      `no container named ${primaryContainerName} in spec.trialTemplate.trialSpec`,
      {
        hint: `containers found: ${all.map((x) => String(x.name)).join(', ') || 'none'}`,
      },
    );
  const argv = [...((c.command as unknown[]) ?? []), ...((c.args as unknown[]) ?? [])].map(String);
  if (argv.length === 0)
    throw new KiteError(
      'UNSUPPORTED',
      `container ${primaryContainerName} has no command; a local trial needs command/args`,
      {
        hint: 'set command (the image entrypoint is not known locally)',
      },
    );
  const env: Record<string, string> = {};
  for (const e of (c.env as { name?: string; value?: unknown }[] | undefined) ?? [])
    if (e.name && e.value !== undefined) env[e.name] = String(e.value);
  return { argv, env, ...(typeof c.workingDir === 'string' ? { workingDir: c.workingDir } : {}) };
}
