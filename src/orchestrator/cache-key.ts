/**
 * The cache key of a task: a digest of everything that decides its outputs — the component's
 * code digest (as compiled and as loaded now), the executor's image and command line (with
 * placeholders, not values), the resolved input parameter values (component defaults filled
 * in), the content digests of the input artifacts, and the names and types of the outputs.
 */
import { digestOf } from '../core/index.js';
import type { ComponentSpec, PipelineContainerSpec } from '../ir/index.js';
import type { ResolvedInputs } from './executor-io.js';

/** Computes a task's cache key. `liveDigest` is the digest of the code loaded now, when known. */
export function cacheKeyOf(
  component: ComponentSpec,
  container: PipelineContainerSpec,
  inputs: ResolvedInputs,
  liveDigest: string | undefined,
): string {
  const parameters: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(component.inputDefinitions?.parameters ?? {})) {
    if (def.defaultValue !== undefined && def.defaultValue !== null) parameters[name] = def.defaultValue;
  }
  Object.assign(parameters, inputs.parameters);
  const artifacts: Record<string, (string | null)[]> = {};
  for (const [name, list] of Object.entries(inputs.artifacts)) {
    artifacts[name] = list.map((a) => a.digest ?? a.uri);
  }
  const outputs = {
    parameters: Object.fromEntries(
      Object.entries(component.outputDefinitions?.parameters ?? {}).map(([n, d]) => [n, d.parameterType]),
    ),
    artifacts: Object.fromEntries(
      Object.entries(component.outputDefinitions?.artifacts ?? {}).map(([n, d]) => [
        n,
        d.artifactType?.schemaTitle ?? null,
      ]),
    ),
  };
  return digestOf({
    v: 1,
    code: liveDigest ?? null,
    image: container.image ?? null,
    command: container.command ?? [],
    args: container.args ?? [],
    env: container.env ?? [],
    parameters,
    artifacts,
    outputs,
  });
}
