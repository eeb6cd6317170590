/**
 * The graph that `build` wires: tasks inside nested scopes (the root DAG, conditions, loops,
 * exit handlers). The compiler turns it into KFP's IR; `rules.ts` checks it.
 */
import { KiteError } from '../core/index.js';
import type { JsonValue } from './json.js';
import type { Ports } from './ports.js';
import type { Condition, ParamRef, Ref } from './refs.js';

/** A value passed to an input: a literal, a reference, or several artifact references. */
export type Arg = { kind: 'literal'; value: JsonValue } | Ref | { kind: 'refList'; refs: Ref[] };

export interface RetryPolicy {
  maxRetries: number;
  /** Seconds before the first retry (KFP `backoffDuration`). */
  backoffSeconds: number;
  /** Multiplier per retry (KFP `backoffFactor`). */
  backoffFactor: number;
  /** Upper bound of one wait, seconds (KFP `backoffMaxDuration`). */
  backoffMaxSeconds: number;
}

export interface Resources {
  cpuRequest?: string;
  cpuLimit?: string;
  memoryRequest?: string;
  memoryLimit?: string;
  accelerator?: { type: string; count: number };
}

/** What the graph knows of a component or nested pipeline (enough to type-check and compile). */
export interface Callee {
  readonly kind: 'component' | 'pipeline';
  readonly name: string;
  readonly inputs: Ports;
  readonly outputs: Ports;
}

export interface TaskNode {
  readonly kind: 'task';
  readonly id: string;
  readonly callee: Callee;
  readonly args: Record<string, Arg>;
  readonly scope: Scope;
  displayName?: string;
  retry?: RetryPolicy;
  cache?: boolean;
  resources?: Resources;
  after: TaskNode[];
  /** Set when this task is an exit handler's exit task. */
  exitFor?: ExitScope;
}

interface ScopeBase {
  /** `condition-3`, `for-loop-2`, `exit-handler-1`, `condition-branches-4`. */
  readonly id: string;
  parent: Scope;
  readonly children: Node[];
}

export interface ConditionScope extends ScopeBase {
  readonly kind: 'condition';
  /** The full trigger condition, including the negations of earlier branches. */
  condition: Condition;
}
export interface BranchesScope extends ScopeBase {
  readonly kind: 'branches';
}
export interface LoopScope extends ScopeBase {
  readonly kind: 'loop';
  readonly items: { kind: 'literal'; values: readonly JsonValue[] } | ParamRef;
  readonly parallelism: number | undefined;
  readonly item: ParamRef;
}
export interface ExitScope extends ScopeBase {
  readonly kind: 'exit';
  exitTask?: TaskNode;
}
export interface RootScope {
  readonly kind: 'root';
  readonly id: 'root';
  readonly children: Node[];
}

export type Scope = RootScope | ConditionScope | BranchesScope | LoopScope | ExitScope;
export type Node = TaskNode | Exclude<Scope, RootScope>;

/** The result of running a pipeline's `build`. */
export interface Graph {
  readonly pipeline: string;
  readonly root: RootScope;
  readonly tasks: TaskNode[];
  /** The refs returned by `build`, by output name. */
  readonly outputs: Record<string, Ref>;
}

/** Mutable state while one `build` runs. */
export class GraphBuilder {
  readonly root: RootScope = { kind: 'root', id: 'root', children: [] };
  readonly tasks: TaskNode[] = [];
  private readonly taskIds = new Map<string, number>();
  private groupCounter = 0;
  scope: Scope = this.root;

  constructor(readonly pipeline: string) {}

  /** A unique task id from a component name, as KFP names them (`train`, `train-2`, ...). */
  taskId(name: string): string {
    const base = sanitizeName(name);
    const n = (this.taskIds.get(base) ?? 0) + 1;
    this.taskIds.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  }

  /** Group ids share one counter across the pipeline, as in KFP (`condition-1`, `for-loop-2`). */
  groupId(prefix: string): string {
    this.groupCounter += 1;
    return `${prefix}-${this.groupCounter}`;
  }

  nextGroupNumber(): number {
    this.groupCounter += 1;
    return this.groupCounter;
  }

  add(node: Node): void {
    this.scope.children.push(node);
    if (node.kind === 'task') this.tasks.push(node);
  }

  /** Runs `fn` with `scope` as the current scope. */
  within<R>(scope: Scope, fn: () => R): R {
    const saved = this.scope;
    this.scope = scope;
    try {
      return fn();
    } finally {
      this.scope = saved;
    }
  }
}

const builders: GraphBuilder[] = [];

/** The builder of the `build` now running; throws when called outside one. */
export function currentBuilder(what: string): GraphBuilder {
  const b = builders.at(-1);
  if (!b) {
    throw new KiteError('INVALID_PIPELINE', `${what} can only be called inside a pipeline's build function`, {
      hint: 'to run a component directly (in a test, say), call its .spec.run(inputs, ctx)',
    });
  }
  return b;
}

/** Runs `fn` with `builder` as the current builder. */
export function withBuilder<R>(builder: GraphBuilder, fn: () => R): R {
  builders.push(builder);
  try {
    return fn();
  } finally {
    builders.pop();
  }
}

/** KFP's name sanitisation: lower case, runs of other characters become one dash. */
export function sanitizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The scopes from the root down to `scope` (root first). */
export function scopeChain(scope: Scope): Scope[] {
  const chain: Scope[] = [];
  for (let s: Scope | undefined = scope; s; s = s.kind === 'root' ? undefined : s.parent) chain.unshift(s);
  return chain;
}
