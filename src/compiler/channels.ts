/**
 * Pipeline channels: how a value crosses into a sub-DAG. KFP's compiler passes every value that
 * a condition, loop or exit-handler DAG uses from outside as an input named
 * `pipelinechannel--<task>-<output>` (or `pipelinechannel--<pipeline input>`), chained down
 * through nested DAGs under the same name. This file names channels and finds which ones a
 * group needs.
 */
import type { LoopScope, Ref, Scope, TaskNode } from '../dsl/index.js';
import { isParamRef, ParamRef, scopeChain } from '../dsl/index.js';

export const CHANNEL_PREFIX = 'pipelinechannel--';

/** Per-compilation facts that channel names depend on. */
export interface ChannelContext {
  /** Loop scope by id. */
  loops: Map<string, LoopScope>;
  /** The item channel name of each loop. */
  loopItemChannel: Map<string, string>;
}

/** The channel name of a reference (ignores selectors: they apply where the value is used). */
export function channelName(ref: Ref, ctx: ChannelContext): string {
  const src = ref.source;
  switch (src.kind) {
    case 'pipelineInput':
      return `${CHANNEL_PREFIX}${src.name}`;
    case 'taskOutput':
    case 'collected':
      return `${CHANNEL_PREFIX}${src.task.id}-${src.key}`;
    case 'loopItem':
      return ctx.loopItemChannel.get(src.loop.id) ?? `${CHANNEL_PREFIX}${src.loop.id}-loop-item`;
    case 'exitStatus':
      return `${CHANNEL_PREFIX}${src.exit.id}-status`;
  }
}

/** True when `scope` is `group` or lies inside it. */
export function isWithin(scope: Scope, group: Scope): boolean {
  return scopeChain(scope).includes(group);
}

/** Every task in a scope's subtree. */
export function tasksIn(scope: Scope): TaskNode[] {
  const out: TaskNode[] = [];
  for (const child of scope.children) {
    if (child.kind === 'task') out.push(child);
    else out.push(...tasksIn(child));
  }
  return out;
}

/** Every scope in a subtree, the scope itself first. */
export function scopesIn(scope: Scope): Scope[] {
  const out: Scope[] = [scope];
  for (const child of scope.children) if (child.kind !== 'task') out.push(...scopesIn(child));
  return out;
}

/** References used by a condition. */
export function conditionRefs(scope: Scope): ParamRef[] {
  if (scope.kind !== 'condition') return [];
  const refs: ParamRef[] = [];
  const walk = (c: typeof scope.condition): void => {
    if (c.kind === 'compare') {
      refs.push(c.left);
      if (isParamRef(c.right)) refs.push(c.right);
    } else if (c.kind === 'not') walk(c.condition);
    else for (const x of c.conditions) walk(x);
  };
  walk(scope.condition);
  return refs;
}

/** Every reference used anywhere in a scope's subtree (task arguments, conditions, loop lists). */
export function refsUsedIn(scope: Scope): Ref[] {
  const refs: Ref[] = [];
  for (const s of scopesIn(scope)) {
    refs.push(...conditionRefs(s));
    if (s.kind === 'loop' && isParamRef(s.items)) refs.push(s.items);
  }
  for (const t of tasksIn(scope)) {
    for (const arg of Object.values(t.args)) {
      if (arg.kind === 'literal') continue;
      if (arg.kind === 'refList') refs.push(...arg.refs);
      else refs.push(arg);
    }
  }
  return refs;
}

/** True when the value of `ref` comes from outside `group`. */
export function isExternal(ref: Ref, group: Scope, ctx: ChannelContext): boolean {
  const src = ref.source;
  switch (src.kind) {
    case 'pipelineInput':
      return group.kind !== 'root';
    case 'taskOutput':
      return !isWithin((src.task as TaskNode).scope, group);
    case 'loopItem': {
      const loop = ctx.loops.get(src.loop.id);
      return loop !== undefined && loop !== group && !isWithin(loop, group);
    }
    case 'exitStatus':
      return false;
    case 'collected': {
      const loop = ctx.loops.get(src.loop.id);
      return loop !== undefined && !isWithin(loop, group);
    }
  }
}

/** The channels a group's DAG takes from its parent, by channel name (first use wins). */
export function externalRefs(group: Scope, ctx: ChannelContext): Map<string, Ref> {
  const out = new Map<string, Ref>();
  for (const ref of refsUsedIn(group)) {
    if (!isExternal(ref, group, ctx)) continue;
    const name = channelName(ref, ctx);
    if (!out.has(name))
      out.set(
        name,
        ref.kind === 'param' && ref.selector
          ? new ParamRef(ref.type === 'ANY' ? 'ANY' : ref.type, ref.source)
          : ref,
      );
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
