/**
 * Graph rules: everything the types cannot catch (JavaScript users, values built at run time,
 * references that cross scopes). Returns every finding; the compiler throws once with all.
 */
import type { Issue } from '../core/index.js';
import { type Arg, type Graph, type Scope, scopeChain, type TaskNode } from './graph.js';
import { literalMatches, type ParamType, type Port } from './ports.js';
import { type Condition, isArtifactRef, isParamRef, type ParamRef, type Ref } from './refs.js';

/** The scope of every task and group, found by walking the tree. */
function scopeIndex(graph: Graph): Map<string, Scope> {
  const index = new Map<string, Scope>();
  const walk = (scope: Scope): void => {
    index.set(scope.id, scope);
    for (const child of scope.children) if (child.kind !== 'task') walk(child);
  };
  walk(graph.root);
  return index;
}

function isAncestorOrSelf(ancestor: Scope, scope: Scope): boolean {
  return scopeChain(scope).includes(ancestor);
}

/** The first scope between `producer` (exclusive of shared ancestors) and the root that hides its outputs. */
function hidingScope(producer: Scope, consumer: Scope): Scope | undefined {
  for (const s of scopeChain(producer).reverse()) {
    if (isAncestorOrSelf(s, consumer)) return undefined;
    if (s.kind !== 'root') return s;
  }
  return undefined;
}

function paramAccepts(port: ParamType, ref: ParamRef['type']): boolean {
  if (ref === 'ANY') return port !== 'TASK_FINAL_STATUS';
  if (port === 'NUMBER_DOUBLE') return ref === 'NUMBER_DOUBLE' || ref === 'NUMBER_INTEGER';
  return port === ref;
}

/** Checks a graph; `graph.pipeline` names the pipeline in every issue path. */
export function validateGraph(graph: Graph, params: Record<string, Port>): Issue[] {
  const issues: Issue[] = [];
  const p = graph.pipeline;
  const tasks = new Set(graph.tasks);
  const byId = new Map(graph.tasks.map((t) => [t.id, t]));
  const scopes = scopeIndex(graph);

  /** The task behind a task-output reference, or undefined (with an issue) when it is not there. */
  const producerOf = (
    src: { task: { id: string }; key: string },
    path: string,
    verb: string,
  ): TaskNode | undefined => {
    const producer = byId.get(src.task.id);
    if (!producer || producer !== src.task) {
      issues.push({
        code: 'DANGLING_REF',
        path,
        message: `${verb} task '${src.task.id}', which is not part of pipeline '${p}'`,
      });
      return undefined;
    }
    if (!(src.key in producer.callee.outputs)) {
      const has = Object.keys(producer.callee.outputs).join(', ') || 'none';
      issues.push({
        code: 'UNKNOWN_OUTPUT',
        path,
        message: `task '${producer.id}' has no output '${src.key}' (it has: ${has})`,
      });
      return undefined;
    }
    return producer;
  };

  const checkRef = (ref: Ref, consumer: Scope, path: string, task?: TaskNode): void => {
    const src = ref.source;
    if (src.kind === 'pipelineInput') {
      if (!(src.name in params))
        issues.push({ code: 'DANGLING_REF', path, message: `pipeline input '${src.name}' does not exist` });
      return;
    }
    if (src.kind === 'taskOutput') {
      const producer = producerOf(src, path, 'refers to');
      if (!producer) return;
      const hiding = hidingScope(producer.scope, consumer);
      if (hiding) {
        const what =
          hiding.kind === 'loop'
            ? 'inside a forEach loop'
            : hiding.kind === 'exit'
              ? 'inside an onExit block'
              : 'inside a when() branch';
        issues.push({
          code: 'SCOPE',
          path,
          message: `uses output '${src.key}' of task '${producer.id}', which runs ${what} (${hiding.id}) and may not exist here`,
        });
      }
      if (task && producer === task)
        issues.push({ code: 'CYCLE', path, message: `task '${task.id}' uses its own output` });
      return;
    }
    if (src.kind === 'collected') {
      const producer = producerOf(src, path, 'collects from');
      const loop = scopes.get(src.loop.id);
      if (!producer) return;
      if (!loop || loop.kind === 'root') {
        issues.push({
          code: 'DANGLING_REF',
          path,
          message: `collects from ${src.loop.id}, which is not part of pipeline '${p}'`,
        });
      } else if (consumer !== loop.parent) {
        issues.push({
          code: 'SCOPE',
          path,
          message: `collect() of ${loop.id} can only be used in the DAG that holds the loop (next to it, not inside another group)`,
        });
      }
      return;
    }
    if (src.kind === 'loopItem') {
      const loop = scopes.get(src.loop.id);
      if (!loop || !isAncestorOrSelf(loop, consumer))
        issues.push({ code: 'SCOPE', path, message: `uses the item of ${src.loop.id} outside that loop` });
      return;
    }
    if (src.kind === 'exitStatus' && task?.exitFor?.id !== src.exit.id) {
      issues.push({
        code: 'SCOPE',
        path,
        message: `the final status of ${src.exit.id} can only be passed to its exit task`,
      });
    }
  };

  const checkArg = (task: TaskNode, name: string, port: Port | undefined, arg: Arg): void => {
    const path = `${p}/${task.id}.${name}`;
    if (!port) {
      const known = Object.keys(task.callee.inputs);
      issues.push({
        code: 'UNKNOWN_INPUT',
        path,
        message: `${task.callee.kind} '${task.callee.name}' has no input '${name}' (inputs: ${known.join(', ') || 'none'})`,
      });
      return;
    }
    if (arg.kind === 'literal') {
      if (port.kind === 'artifact')
        issues.push({
          code: 'TYPE_MISMATCH',
          path,
          message: `expects a ${port.schemaTitle} artifact, got the literal ${JSON.stringify(arg.value)}`,
        });
      else if (!literalMatches(port.type, arg.value))
        issues.push({
          code: 'TYPE_MISMATCH',
          path,
          message: `expects ${port.type}, got ${JSON.stringify(arg.value)}`,
        });
      return;
    }
    const refs: Ref[] = arg.kind === 'refList' ? arg.refs : [arg];
    if (arg.kind === 'refList' && (port.kind !== 'artifact' || !port.list)) {
      issues.push({
        code: 'TYPE_MISMATCH',
        path,
        message: 'a list of artifacts can only go to an input declared with { list: true }',
      });
    }
    for (const ref of refs) {
      checkRef(ref, task.scope, path, task);
      if (isParamRef(ref)) {
        if (port.kind !== 'param')
          issues.push({
            code: 'TYPE_MISMATCH',
            path,
            message: `expects a ${port.schemaTitle} artifact, got a ${ref.type} parameter`,
          });
        else if (!paramAccepts(port.type, ref.type))
          issues.push({
            code: 'TYPE_MISMATCH',
            path,
            message: `expects ${port.type}, got a ${ref.type} parameter`,
          });
      } else if (isArtifactRef(ref)) {
        if (port.kind !== 'artifact')
          issues.push({
            code: 'TYPE_MISMATCH',
            path,
            message: `expects ${port.type}, got a ${ref.schemaTitle} artifact`,
          });
        else if (port.schemaTitle !== 'system.Artifact' && port.schemaTitle !== ref.schemaTitle) {
          issues.push({
            code: 'TYPE_MISMATCH',
            path,
            message: `expects a ${port.schemaTitle} artifact, got ${ref.schemaTitle}`,
          });
        }
      }
    }
  };

  for (const task of graph.tasks) {
    for (const [name, arg] of Object.entries(task.args)) checkArg(task, name, task.callee.inputs[name], arg);
    for (const [name, port] of Object.entries(task.callee.inputs)) {
      if (!port.optional && !(name in task.args)) {
        const what = port.kind === 'param' ? port.type : `${port.schemaTitle} artifact`;
        issues.push({
          code: 'MISSING_INPUT',
          path: `${p}/${task.id}.${name}`,
          message: `required input '${name}' (${what}) is not given`,
        });
      }
    }
    for (const dep of task.after) {
      const path = `${p}/${task.id}`;
      if (!tasks.has(dep))
        issues.push({
          code: 'DANGLING_REF',
          path,
          message: `runs after task '${dep.id}', which is not part of pipeline '${p}'`,
        });
      else if (hidingScope(dep.scope, task.scope))
        issues.push({
          code: 'SCOPE',
          path,
          message: `cannot run after '${dep.id}', which is inside a branch or loop that does not contain '${task.id}'`,
        });
    }
  }
  for (const [name, ref] of Object.entries(graph.outputs)) checkRef(ref, graph.root, `${p}/outputs.${name}`);
  // Conditions and loop lists are evaluated in the DAG that holds the group.
  for (const scope of scopes.values()) {
    if (scope.kind === 'condition') {
      for (const ref of conditionRefs(scope.condition))
        checkRef(ref, scope.parent, `${p}/${scope.id}.condition`);
    } else if (scope.kind === 'loop' && isParamRef(scope.items)) {
      checkRef(scope.items, scope.parent, `${p}/${scope.id}.items`);
    }
  }
  checkGroups(graph, issues);
  issues.push(...findCycles(graph));
  return issues;
}

function conditionRefs(c: Condition): ParamRef[] {
  if (c.kind === 'compare') return isParamRef(c.right) ? [c.left, c.right] : [c.left];
  if (c.kind === 'not') return conditionRefs(c.condition);
  return c.conditions.flatMap(conditionRefs);
}

function checkGroups(graph: Graph, issues: Issue[]): void {
  const walk = (scope: Scope): void => {
    for (const child of scope.children) {
      if (child.kind === 'task') continue;
      const taskCount = child.children.length;
      if (taskCount === 0)
        issues.push({
          code: 'EMPTY_GROUP',
          path: `${graph.pipeline}/${child.id}`,
          message: `${child.id} wires no task`,
          severity: 'warning',
        });
      walk(child);
    }
  };
  walk(graph.root);
  const names = new Map<string, string>();
  for (const t of graph.tasks) {
    if (t.displayName === undefined) continue;
    const key = `${t.scope.id}:${t.displayName}`;
    const other = names.get(key);
    if (other)
      issues.push({
        code: 'DUPLICATE_NAME',
        path: `${graph.pipeline}/${t.id}`,
        message: `display name '${t.displayName}' is also used by task '${other}' in the same DAG`,
      });
    else names.set(key, t.id);
  }
}

/** Cycles over data and `after` dependencies between tasks. */
function findCycles(graph: Graph): Issue[] {
  const deps = new Map<TaskNode, TaskNode[]>();
  for (const t of graph.tasks) {
    const list = [...t.after];
    for (const arg of Object.values(t.args)) {
      const refs = arg.kind === 'refList' ? arg.refs : arg.kind === 'literal' ? [] : [arg];
      for (const r of refs) if (r.source.kind === 'taskOutput') list.push(r.source.task as TaskNode);
    }
    deps.set(t, list);
  }
  const issues: Issue[] = [];
  const state = new Map<TaskNode, 1 | 2>();
  const stack: TaskNode[] = [];
  const visit = (t: TaskNode): void => {
    state.set(t, 1);
    stack.push(t);
    for (const d of deps.get(t) ?? []) {
      if (state.get(d) === 1) {
        const cycle = [...stack.slice(stack.indexOf(d)), d].map((n) => n.id).join(' → ');
        issues.push({
          code: 'CYCLE',
          path: `${graph.pipeline}/${d.id}`,
          message: `dependency cycle: ${cycle}`,
        });
      } else if (!state.has(d) && deps.has(d)) visit(d);
    }
    stack.pop();
    state.set(t, 2);
  };
  for (const t of graph.tasks) if (!state.has(t)) visit(t);
  return issues;
}
