/**
 * Fan-in: `collect(ref)` turns the output of a task inside a `forEach` into the list of its
 * values over all iterations (KFP's `dsl.Collected`), usable after the loop.
 */
import { KiteError } from '../core/index.js';
import type { TaskNode } from './graph.js';
import type { ArtifactSchema, ParamType } from './ports.js';
import { ArtifactRef, isParamRef, ParamRef, type RefType } from './refs.js';

/**
 * The values of a loop task's output over every iteration, as one LIST parameter (or a list of
 * artifacts), for tasks after the loop.
 *
 * @example
 * ```ts
 * let score!: ParamRef<'NUMBER_DOUBLE', number>;
 * forEach([0.1, 0.01], (lr) => { score = train({ data, lr }).outputs.accuracy; });
 * pickBest({ scores: collect(score) });
 * ```
 */
export function collect<K extends RefType, T>(ref: ParamRef<K, T>): ParamRef<'LIST', T[]>;
export function collect<S extends ArtifactSchema>(ref: ArtifactRef<S, false>): ArtifactRef<S, true>;
export function collect(ref: ParamRef | ArtifactRef): ParamRef | ArtifactRef {
  const src = ref.source;
  if (src.kind !== 'taskOutput') {
    throw new KiteError('INVALID_PIPELINE', 'collect() takes the output of a task inside a forEach loop');
  }
  const task = src.task as TaskNode;
  if (task.scope?.kind !== 'loop') {
    throw new KiteError(
      'INVALID_PIPELINE',
      `collect(): task '${task.id}' is not directly inside a forEach loop`,
      {
        hint: 'call collect() on an output of a task wired in the loop body',
      },
    );
  }
  const source = { kind: 'collected' as const, task, key: src.key, loop: { id: task.scope.id } };
  if (isParamRef(ref)) return new ParamRef<ParamType>('LIST', source);
  return new ArtifactRef(ref.schemaTitle, source, true);
}
