/**
 * Control flow that KFP's IR can express, and nothing it cannot: `when` (with `elseWhen` and
 * `otherwise` branches), `forEach` over a list with a parallelism limit, and `onExit` (an exit
 * handler that runs whatever happens to the tasks it guards).
 */
import { KiteError } from '../core/index.js';
import {
  type BranchesScope,
  type ConditionScope,
  currentBuilder,
  type ExitScope,
  type LoopScope,
  type Scope,
} from './graph.js';
import type { JsonValue } from './json.js';
import { and, type Condition, isParamRef, not, ParamRef } from './refs.js';
import type { Task } from './task.js';

/** The branches of a `when`, to add `elseWhen` and `otherwise` to. */
export interface Branches {
  /** Runs `body` when no earlier branch ran and `condition` holds. */
  elseWhen(condition: Condition, body: () => void): Branches;
  /** Runs `body` when no earlier branch ran. */
  otherwise(body: () => void): void;
}

/**
 * Runs the tasks wired in `body` only when `condition` holds at run time (KFP `dsl.If`).
 *
 * @example
 * ```ts
 * when(evaluate.outputs.accuracy.ge(0.9), () => { deploy({ model }); })
 *   .otherwise(() => { alert({ message: 'accuracy too low' }); });
 * ```
 */
export function when(condition: Condition, body: () => void): Branches {
  const builder = currentBuilder('when()');
  const parent = builder.scope;
  const first: ConditionScope = {
    kind: 'condition',
    id: builder.groupId('condition'),
    parent,
    children: [],
    condition,
  };
  builder.add(first);
  builder.within(first, body);
  const earlier: Condition[] = [condition];
  let group: BranchesScope | undefined;
  let closed = false;

  const ensureGroup = (): BranchesScope => {
    if (group) return group;
    group = { kind: 'branches', id: builder.groupId('condition-branches'), parent, children: [first] };
    const index = parent.children.indexOf(first);
    parent.children.splice(index, 1, group);
    first.parent = group;
    return group;
  };
  const addBranch = (cond: Condition, branchBody: () => void): void => {
    if (closed)
      throw new KiteError(
        'INVALID_PIPELINE',
        `pipeline '${builder.pipeline}': a branch after otherwise() never runs`,
      );
    const g = ensureGroup();
    const scope: ConditionScope = {
      kind: 'condition',
      id: builder.groupId('condition'),
      parent: g,
      children: [],
      condition: cond,
    };
    g.children.push(scope);
    builder.within(scope, branchBody);
  };
  const branches: Branches = {
    elseWhen(cond, branchBody) {
      addBranch(and(...earlier.map(not), cond), branchBody);
      earlier.push(cond);
      return branches;
    },
    otherwise(branchBody) {
      addBranch(and(...earlier.map(not)), branchBody);
      closed = true;
    },
  };
  return branches;
}

/** The reference a loop body receives for one item. */
export type ItemRef<T> = T extends string
  ? ParamRef<'STRING', T>
  : T extends boolean
    ? ParamRef<'BOOLEAN', T>
    : T extends readonly unknown[]
      ? ParamRef<'LIST', T>
      : T extends Record<string, unknown>
        ? ParamRef<'STRUCT', T>
        : ParamRef<'ANY', T>;

export interface ForEachOptions {
  /** At most this many iterations run at once (KFP `iteratorPolicy.parallelismLimit`). */
  parallelism?: number;
}

/**
 * Wires the tasks of `body` once per item of `items` (KFP `dsl.ParallelFor`). `items` is a
 * literal list or a LIST parameter (a pipeline input or a task output).
 *
 * @example
 * ```ts
 * forEach([0.1, 0.01], (lr) => { train({ data, lr }); }, { parallelism: 2 });
 * ```
 */
export function forEach<T>(
  items: readonly T[] | ParamRef<'LIST', readonly T[]> | ParamRef<'LIST'>,
  body: (item: ItemRef<T>) => void,
  options: ForEachOptions = {},
): void {
  const builder = currentBuilder('forEach()');
  const where = `pipeline '${builder.pipeline}', forEach`;
  if (
    options.parallelism !== undefined &&
    (!Number.isInteger(options.parallelism) || options.parallelism < 1)
  ) {
    throw new KiteError(
      'INVALID_PIPELINE',
      `${where}: parallelism must be a whole number ≥ 1, got ${options.parallelism}`,
    );
  }
  let source: LoopScope['items'];
  if (isParamRef(items)) {
    if (items.type !== 'LIST' && items.type !== 'ANY') {
      throw new KiteError(
        'INVALID_PIPELINE',
        `${where}: items must be a list, got a ${items.type} parameter`,
      );
    }
    source = items;
  } else if (Array.isArray(items)) {
    if (items.length === 0) throw new KiteError('INVALID_PIPELINE', `${where}: the list of items is empty`);
    source = { kind: 'literal', values: items as readonly JsonValue[] };
  } else {
    throw new KiteError('INVALID_PIPELINE', `${where}: items must be an array or a LIST parameter`);
  }
  const id = builder.groupId('for-loop');
  const loopRef = { id };
  const item = new ParamRef(literalItemType(source), { kind: 'loopItem', loop: loopRef });
  const scope: LoopScope = {
    kind: 'loop',
    id,
    parent: builder.scope,
    children: [],
    items: source,
    parallelism: options.parallelism,
    item,
  };
  builder.add(scope);
  builder.within(scope, () => body(item as ItemRef<T>));
}

function literalItemType(items: LoopScope['items']): ParamRef['type'] {
  if (isParamRef(items)) return 'ANY';
  const values = items.values;
  if (values.every((v) => typeof v === 'string')) return 'STRING';
  if (values.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (values.every((v) => Number.isSafeInteger(v))) return 'NUMBER_INTEGER';
  if (values.every((v) => typeof v === 'number')) return 'NUMBER_DOUBLE';
  if (values.every((v) => Array.isArray(v))) return 'LIST';
  if (values.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) return 'STRUCT';
  return 'ANY';
}

/**
 * Guards the tasks of `body` with an exit task that runs after them whatever happens
 * (KFP `dsl.ExitHandler`). `exit` wires exactly one task; it may take the guarded tasks'
 * final status through an input declared with `param.taskFinalStatus()`.
 *
 * @example
 * ```ts
 * onExit((status) => notify({ status }), () => {
 *   const t = train({ data });
 * });
 * ```
 */
export function onExit<R>(exit: (status: ParamRef<'TASK_FINAL_STATUS'>) => Task, body: () => R): R {
  const builder = currentBuilder('onExit()');
  const parent: Scope = builder.scope;
  const scope: ExitScope = { kind: 'exit', id: builder.groupId('exit-handler'), parent, children: [] };
  // The exit task is wired first, in the parent DAG, as KFP's SDK does (so names match).
  const before = builder.tasks.length;
  const task = exit(new ParamRef('TASK_FINAL_STATUS', { kind: 'exitStatus', exit: { id: scope.id } }));
  const added = builder.tasks.length - before;
  if (added !== 1 || !task?.node) {
    throw new KiteError(
      'INVALID_PIPELINE',
      `pipeline '${builder.pipeline}', ${scope.id}: the exit function must wire exactly one task (it wired ${added})`,
      { hint: 'return a single component call from the first argument of onExit' },
    );
  }
  task.node.exitFor = scope;
  scope.exitTask = task.node;
  builder.add(scope);
  const result = builder.within(scope, body);
  return result;
}
