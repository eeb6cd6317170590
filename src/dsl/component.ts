/**
 * `component()`: a typed unit of work. The spec object is the source of the static types and
 * of the IR; calling the component inside a pipeline's `build` wires a task; its `spec.run` is
 * a plain function that a unit test can call.
 */
import { KiteError } from '../core/index.js';
import type { Resources, RetryPolicy } from './graph.js';
import type { Ports } from './ports.js';
import { type Task, type TaskOptions, wireTask } from './task.js';
import type { RunFunction, TaskArgs } from './types.js';
import { checkName, checkPorts } from './validate-spec.js';

/** What `component()` takes. */
export interface ComponentSpec<I extends Ports, O extends Ports> {
  /** Kebab-case name; becomes the task id and the KFP component name. */
  name: string;
  description?: string;
  inputs: I;
  outputs: O;
  run: RunFunction<I, O>;
  /** Container image for this component on Kubeflow (default: the pipeline's, then Kite's). */
  image?: string;
  /** Default task options of every task made from this component. */
  defaults?: Pick<TaskOptions, 'retry' | 'cache' | 'resources'>;
}

/** A component: call it inside `build` to wire a task. */
export interface Component<I extends Ports = Ports, O extends Ports = Ports> {
  (args: TaskArgs<I>, options?: TaskOptions): Task<O>;
  readonly kind: 'component';
  readonly name: string;
  readonly inputs: I;
  readonly outputs: O;
  readonly spec: ComponentSpec<I, O>;
}

// biome-ignore lint/suspicious/noExplicitAny: any component, whatever its ports (ports are invariant)
export type AnyComponent = Component<any, any>;
export type { Resources, RetryPolicy };

/**
 * Defines a component.
 *
 * @example
 * ```ts
 * export const train = component({
 *   name: 'train',
 *   inputs: { data: artifact.dataset(), epochs: param.integer({ default: 5 }) },
 *   outputs: { model: artifact.model(), accuracy: param.number() },
 *   run: async ({ data, epochs }, { outputs }) => {
 *     // read data.path, write outputs.model.path
 *     return { accuracy: 0.9 };
 *   },
 * });
 * ```
 */
export function component<const I extends Ports, const O extends Ports>(
  spec: ComponentSpec<I, O>,
): Component<I, O> {
  const issues = [
    ...checkName(spec.name, 'component'),
    ...checkPorts(spec.inputs, `component '${spec.name}' inputs`),
    ...checkPorts(spec.outputs, `component '${spec.name}' outputs`),
  ];
  if (typeof spec.run !== 'function') {
    issues.push({ code: 'MISSING_RUN', path: `component '${spec.name}'`, message: 'run must be a function' });
  }
  for (const key of Object.keys(spec.outputs)) {
    if (key in spec.inputs)
      issues.push({
        code: 'DUPLICATE_NAME',
        path: `component '${spec.name}'.${key}`,
        message: `'${key}' is both an input and an output`,
      });
  }
  if (issues.length > 0) {
    throw new KiteError(
      'INVALID_PIPELINE',
      `component '${spec.name}': ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const call = (args: TaskArgs<I>, options?: TaskOptions): Task<O> =>
    wireTask(self, args as Record<string, unknown>, { ...spec.defaults, ...options });
  const self = Object.assign(call, {
    kind: 'component' as const,
    spec,
    inputs: spec.inputs,
    outputs: spec.outputs,
  });
  Object.defineProperty(self, 'name', { value: spec.name });
  return self as Component<I, O>;
}

/** True for values made by {@link component}. */
export function isComponent(value: unknown): value is AnyComponent {
  return typeof value === 'function' && (value as { kind?: unknown }).kind === 'component';
}
