/**
 * `pipeline()`: wires tasks. `build` is synchronous and side-effect free: it only calls
 * components (and `when`/`forEach`/`onExit`) and returns the pipeline's outputs. A pipeline is
 * itself callable inside another pipeline's `build`, where it becomes a nested DAG.
 */
import { isKiteError, KiteError, userStackFrame } from '../core/index.js';
import { type Graph, GraphBuilder, withBuilder } from './graph.js';
import type { ArtifactPort, ParamPort, Ports } from './ports.js';
import { ArtifactRef, isRef, ParamRef, type Ref } from './refs.js';
import { type Task, type TaskOptions, wireTask } from './task.js';
import type { BuildResult, InputRefs, PortsOf, TaskArgs } from './types.js';
import { checkName, checkPorts } from './validate-spec.js';

export interface PipelineSpec<P extends Ports, R extends BuildResult> {
  /** Kebab-case name (KFP `pipelineInfo.name`). */
  name: string;
  description?: string;
  /** Pipeline inputs: parameters (with defaults, typically) and artifacts. */
  params?: P;
  build: (params: InputRefs<P>) => R;
  /** Default container image of this pipeline's components on Kubeflow. */
  image?: string;
}

/** A pipeline: compile it, run it, or call it inside another pipeline's `build`. */
export interface Pipeline<P extends Ports = Ports, O extends Ports = Ports> {
  (args: TaskArgs<P>, options?: TaskOptions): Task<O>;
  readonly kind: 'pipeline';
  readonly name: string;
  readonly inputs: P;
  /** Output ports, known after `build` has run once (it runs on first access). */
  readonly outputs: O;
  readonly spec: PipelineSpec<P, BuildResult>;
  /** Runs `build` (once) and returns the wired graph. */
  graph(): Graph;
}

// biome-ignore lint/suspicious/noExplicitAny: any pipeline, whatever its ports (ports are invariant)
export type AnyPipeline = Pipeline<any, any>;

/**
 * Defines a pipeline.
 *
 * @example
 * ```ts
 * export default pipeline({
 *   name: 'train-and-check',
 *   params: { epochs: param.integer({ default: 5 }) },
 *   build: ({ epochs }) => {
 *     const data = ingest({});
 *     const trained = train({ data: data.outputs.data, epochs }, { retry: 2 });
 *     return { model: trained.outputs.model };
 *   },
 * });
 * ```
 */
export function pipeline<const P extends Ports = {}, const R extends BuildResult = void>(
  spec: PipelineSpec<P, R>,
): Pipeline<P, PortsOf<R>> {
  const params = (spec.params ?? {}) as P;
  const issues = [
    ...checkName(spec.name, 'pipeline'),
    ...checkPorts(params, `pipeline '${spec.name}' params`),
  ];
  if (typeof spec.build !== 'function')
    issues.push({
      code: 'MISSING_BUILD',
      path: `pipeline '${spec.name}'`,
      message: 'build must be a function',
    });
  if (issues.length > 0) {
    throw new KiteError(
      'INVALID_PIPELINE',
      `pipeline '${spec.name}': ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  let graph: Graph | undefined;
  let outputs: Ports | undefined;
  const getGraph = (): Graph => {
    graph ??= runBuild(spec.name, params, spec.build as (p: unknown) => BuildResult);
    return graph;
  };
  const self = Object.assign(
    (args: TaskArgs<P>, options?: TaskOptions) =>
      wireTask(self as never, args as Record<string, unknown>, options),
    { kind: 'pipeline' as const, spec, inputs: params, graph: getGraph },
  );
  Object.defineProperty(self, 'name', { value: spec.name });
  Object.defineProperty(self, 'outputs', {
    get: () => {
      outputs ??= portsOfRefs(getGraph().outputs);
      return outputs;
    },
  });
  return self as unknown as Pipeline<P, PortsOf<R>>;
}

/** True for values made by {@link pipeline}. */
export function isPipeline(value: unknown): value is AnyPipeline {
  return typeof value === 'function' && (value as { kind?: unknown }).kind === 'pipeline';
}

function runBuild(name: string, params: Ports, build: (p: unknown) => BuildResult): Graph {
  const builder = new GraphBuilder(name);
  const refs: Record<string, Ref> = {};
  for (const [key, port] of Object.entries(params)) {
    const source = { kind: 'pipelineInput' as const, name: key };
    refs[key] =
      port.kind === 'param'
        ? new ParamRef(port.type, source)
        : new ArtifactRef(port.schemaTitle, source, port.list);
  }
  let result: BuildResult;
  try {
    result = withBuilder(builder, () => build(Object.freeze(refs)));
  } catch (error) {
    if (isKiteError(error)) throw error;
    const frame = userStackFrame(error);
    throw new KiteError(
      'INVALID_PIPELINE',
      `pipeline '${name}': build threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}${frame ? `\n    ${frame}` : ''}`,
      {
        cause: error,
        hint: 'build only wires tasks: move work that can fail into a component',
      },
    );
  }
  if (
    result instanceof Promise ||
    (result !== null &&
      typeof result === 'object' &&
      typeof (result as { then?: unknown }).then === 'function')
  ) {
    throw new KiteError('INVALID_PIPELINE', `pipeline '${name}': build returned a Promise`, {
      hint: 'build must be synchronous: it only wires tasks; do the work inside components',
    });
  }
  const outputs: Record<string, Ref> = {};
  for (const [key, value] of Object.entries((result ?? {}) as Record<string, unknown>)) {
    if (!isRef(value)) {
      throw new KiteError(
        'INVALID_PIPELINE',
        `pipeline '${name}': output '${key}' is not a task output or input`,
        {
          hint: 'build may only return references such as task.outputs.model',
        },
      );
    }
    outputs[key] = value;
  }
  return { pipeline: name, root: builder.root, tasks: builder.tasks, outputs };
}

function portsOfRefs(refs: Record<string, Ref>): Ports {
  const ports: Record<string, ParamPort | ArtifactPort> = {};
  for (const [key, ref] of Object.entries(refs)) {
    ports[key] =
      ref.kind === 'param'
        ? { kind: 'param', type: ref.type === 'ANY' ? 'STRING' : ref.type, optional: false }
        : { kind: 'artifact', schemaTitle: ref.schemaTitle, optional: false, list: ref.list };
  }
  return ports;
}
