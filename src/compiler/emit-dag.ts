/**
 * Emits DAG components: the root DAG of a pipeline and one sub-DAG per condition, branch group,
 * loop and exit handler, encoded as the official KFP SDK encodes them.
 */
import type { Arg, Graph, Node, ParamRef, Ports, Ref, Scope, TaskNode } from '../dsl/index.js';
import type {
  ComponentInputsSpec,
  ComponentSpec,
  DagOutputsSpec,
  InputArtifactSpec,
  InputParameterSpec,
  JsonValue,
  ParameterType,
  PipelineTaskSpec,
  TaskInputsSpec,
} from '../ir/index.js';
import { toCel } from './cel.js';
import { type ChannelContext, channelName, externalRefs, isWithin, refsUsedIn } from './channels.js';
import { artifactType, inputDefinitions, outputDefinitions } from './ports.js';
import { pythonJson } from './python-json.js';

/** What emitting a DAG needs from the surrounding compilation. */
export interface DagEmitter {
  readonly channels: ChannelContext;
  /** Input ports of the pipeline being emitted. */
  readonly params: Ports;
  /** Registers the component for a task (executor or nested pipeline) and returns its name. */
  componentFor(task: TaskNode): string;
  /** Registers a DAG component under a unique name derived from `base`. */
  addComponent(base: string, spec: ComponentSpec): string;
  /** The parameter type a reference carries (loop items resolved by inference). */
  paramType(ref: ParamRef): ParameterType;
  /** Whether tasks cache by default. */
  readonly cacheDefault: boolean;
  /** Outputs collected from each loop (`collect()`), by loop id. */
  readonly collected: Map<string, Ref[]>;
}

const sorted = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The child of `dag` that contains `task` (the task itself, or the group around it). */
function childContaining(dag: Scope, scope: Scope, task: TaskNode): string | undefined {
  if (task.scope === dag) return task.id;
  let s: Scope = scope;
  while (s.kind !== 'root' && s.parent !== dag) s = s.parent;
  return s.kind === 'root' ? undefined : s.id;
}

function resolveParam(ref: ParamRef, dag: Scope, e: DagEmitter): InputParameterSpec {
  const src = ref.source;
  let spec: InputParameterSpec;
  if (src.kind === 'exitStatus') spec = { taskFinalStatus: { producerTask: src.exit.id } };
  else if (src.kind === 'pipelineInput' && dag.kind === 'root') spec = { componentInputParameter: src.name };
  else if (src.kind === 'collected' && e.channels.loops.get(src.loop.id)?.parent === dag) {
    spec = {
      taskOutputParameter: { outputParameterKey: channelName(ref, e.channels), producerTask: src.loop.id },
    };
  } else if (src.kind === 'taskOutput' && (src.task as TaskNode).scope === dag) {
    spec = { taskOutputParameter: { outputParameterKey: src.key, producerTask: src.task.id } };
  } else spec = { componentInputParameter: channelName(ref, e.channels) };
  if (ref.selector) spec.parameterExpressionSelector = ref.selector;
  return spec;
}

function resolveArtifact(ref: Ref, dag: Scope, e: DagEmitter): InputArtifactSpec {
  const src = ref.source;
  if (src.kind === 'pipelineInput' && dag.kind === 'root') return { componentInputArtifact: src.name };
  if (src.kind === 'collected' && e.channels.loops.get(src.loop.id)?.parent === dag) {
    return {
      taskOutputArtifact: { outputArtifactKey: channelName(ref, e.channels), producerTask: src.loop.id },
    };
  }
  if (src.kind === 'taskOutput' && (src.task as TaskNode).scope === dag) {
    return { taskOutputArtifact: { outputArtifactKey: src.key, producerTask: src.task.id } };
  }
  return { componentInputArtifact: channelName(ref, e.channels) };
}

function taskInputs(args: Record<string, Arg>, dag: Scope, e: DagEmitter): TaskInputsSpec | undefined {
  const parameters: [string, InputParameterSpec][] = [];
  const artifacts: [string, InputArtifactSpec][] = [];
  for (const [name, arg] of Object.entries(args)) {
    if (arg.kind === 'literal') parameters.push([name, { runtimeValue: { constant: arg.value as never } }]);
    else if (arg.kind === 'param') parameters.push([name, resolveParam(arg, dag, e)]);
    else if (arg.kind === 'artifact') artifacts.push([name, resolveArtifact(arg, dag, e)]);
  }
  const inputs: TaskInputsSpec = {};
  if (artifacts.length > 0) inputs.artifacts = sorted(artifacts);
  if (parameters.length > 0) inputs.parameters = sorted(parameters);
  return artifacts.length + parameters.length > 0 ? inputs : undefined;
}

/** Producers in `dag` that anything in `node`'s subtree depends on (data or `after`). */
function dependencies(node: Node, dag: Scope): string[] {
  const deps = new Set<string>();
  const consider = (producer: TaskNode): void => {
    if (node.kind !== 'task' && isWithin(producer.scope, node)) return;
    if (!isWithin(producer.scope, dag)) return;
    const id = childContaining(dag, producer.scope, producer);
    if (id !== undefined && id !== node.id) deps.add(id);
  };
  const tasks = node.kind === 'task' ? [node] : collectTasks(node);
  const refs = node.kind === 'task' ? refsOfTask(node) : refsUsedIn(node);
  for (const ref of refs) {
    if (ref.source.kind === 'taskOutput' || ref.source.kind === 'collected')
      consider(ref.source.task as TaskNode);
  }
  for (const t of tasks) for (const a of t.after) consider(a);
  if (node.kind === 'task' && node.exitFor) deps.add(node.exitFor.id);
  return [...deps].sort();
}

function refsOfTask(task: TaskNode): Ref[] {
  return Object.values(task.args).flatMap((a) =>
    a.kind === 'literal' ? [] : a.kind === 'refList' ? a.refs : [a],
  );
}

function collectTasks(scope: Scope): TaskNode[] {
  return scope.children.flatMap((c) => (c.kind === 'task' ? [c] : collectTasks(c)));
}

function componentTask(task: TaskNode, dag: Scope, e: DagEmitter): PipelineTaskSpec {
  const spec: PipelineTaskSpec = {};
  spec.cachingOptions = (task.cache ?? e.cacheDefault) ? { enableCache: true } : {};
  spec.componentRef = { name: e.componentFor(task) };
  const deps = dependencies(task, dag);
  if (deps.length > 0) spec.dependentTasks = deps;
  const inputs = taskInputs(task.args, dag, e);
  if (inputs) spec.inputs = inputs;
  if (task.retry) {
    spec.retryPolicy = {
      backoffDuration: `${task.retry.backoffSeconds}s`,
      backoffFactor: task.retry.backoffFactor,
      backoffMaxDuration: `${task.retry.backoffMaxSeconds}s`,
      maxRetryCount: task.retry.maxRetries,
    };
  }
  spec.taskInfo = { name: task.displayName ?? task.id };
  if (task.exitFor) spec.triggerPolicy = { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' };
  return spec;
}

/** The channel declarations (input definitions) of a group DAG. */
function channelDefinitions(group: Exclude<Scope, { kind: 'root' }>, e: DagEmitter): ComponentInputsSpec {
  const parameters: [string, { parameterType: ParameterType }][] = [];
  const artifacts: [string, { artifactType: ReturnType<typeof artifactType>; isArtifactList?: boolean }][] =
    [];
  for (const [name, ref] of externalRefs(group, e.channels)) {
    if (ref.kind === 'param') parameters.push([name, { parameterType: e.paramType(ref) }]);
    else
      artifacts.push([
        name,
        ref.list
          ? { artifactType: artifactType(ref.schemaTitle), isArtifactList: true }
          : { artifactType: artifactType(ref.schemaTitle) },
      ]);
  }
  if (group.kind === 'loop')
    parameters.push([channelName(group.item, e.channels), { parameterType: e.paramType(group.item) }]);
  const defs: ComponentInputsSpec = {};
  if (artifacts.length > 0) defs.artifacts = sorted(artifacts);
  if (parameters.length > 0) defs.parameters = sorted(parameters);
  return defs;
}

function groupTask(group: Exclude<Scope, { kind: 'root' }>, dag: Scope, e: DagEmitter): PipelineTaskSpec {
  const componentName = e.addComponent(`comp-${group.id}`, emitGroupComponent(group, e));
  const spec: PipelineTaskSpec = { componentRef: { name: componentName } };
  const deps = dependencies(group, dag);
  if (deps.length > 0) spec.dependentTasks = deps;
  const parameters: [string, InputParameterSpec][] = [];
  const artifacts: [string, InputArtifactSpec][] = [];
  for (const [name, ref] of externalRefs(group, e.channels)) {
    if (ref.kind === 'param') parameters.push([name, resolveParam(ref, dag, e)]);
    else artifacts.push([name, resolveArtifact(ref, dag, e)]);
  }
  if (parameters.length + artifacts.length > 0) {
    spec.inputs = {};
    if (artifacts.length > 0) spec.inputs.artifacts = sorted(artifacts);
    if (parameters.length > 0) spec.inputs.parameters = sorted(parameters);
  }
  if (group.kind === 'loop') {
    const itemInput = channelName(group.item, e.channels);
    spec.parameterIterator =
      'kind' in group.items && group.items.kind === 'literal'
        ? { itemInput, items: { raw: pythonJson(group.items.values as JsonValue[]) } }
        : { itemInput, items: { inputParameter: channelName(group.items as ParamRef, e.channels) } };
    if (group.parallelism !== undefined) spec.iteratorPolicy = { parallelismLimit: group.parallelism };
  }
  spec.taskInfo = { name: group.id };
  if (group.kind === 'condition') {
    spec.triggerPolicy = {
      condition: toCel(group.condition, (ref) => ({
        channel: channelName(ref, e.channels),
        type: e.paramType(ref),
      })),
    };
  }
  return spec;
}

function emitTasks(dag: Scope, e: DagEmitter): Record<string, PipelineTaskSpec> {
  const tasks: [string, PipelineTaskSpec][] = [];
  for (const child of dag.children) {
    tasks.push([child.id, child.kind === 'task' ? componentTask(child, dag, e) : groupTask(child, dag, e)]);
  }
  return sorted(tasks);
}

function emitGroupComponent(group: Exclude<Scope, { kind: 'root' }>, e: DagEmitter): ComponentSpec {
  const spec: ComponentSpec = { dag: { tasks: emitTasks(group, e) } };
  const inputs = channelDefinitions(group, e);
  if (inputs.parameters || inputs.artifacts) spec.inputDefinitions = inputs;
  if (group.kind === 'loop') addCollectedOutputs(spec, e.collected.get(group.id) ?? [], e);
  return spec;
}

/** A loop DAG's outputs for `collect()`: KFP gathers each iteration's value into a list. */
function addCollectedOutputs(spec: ComponentSpec, refs: Ref[], e: DagEmitter): void {
  if (refs.length === 0 || !spec.dag) return;
  const outputs: DagOutputsSpec = {};
  const defs: NonNullable<ComponentSpec['outputDefinitions']> = {};
  for (const ref of refs) {
    if (ref.source.kind !== 'collected') continue;
    const task = ref.source.task as TaskNode;
    const port = task.callee.outputs[ref.source.key];
    const name = channelName(ref, e.channels);
    const sel = { producerSubtask: task.id };
    if (port?.kind === 'param') {
      outputs.parameters = {
        ...outputs.parameters,
        [name]: { valueFromParameter: { outputParameterKey: ref.source.key, ...sel } },
      };
      defs.parameters = { ...defs.parameters, [name]: { parameterType: port.type } };
    } else if (port?.kind === 'artifact') {
      outputs.artifacts = {
        ...outputs.artifacts,
        [name]: { artifactSelectors: [{ outputArtifactKey: ref.source.key, ...sel }] },
      };
      defs.artifacts = { ...defs.artifacts, [name]: { artifactType: artifactType(port.schemaTitle) } };
    }
  }
  spec.dag.outputs = outputs;
  spec.outputDefinitions = defs;
}

/** The root DAG component of a pipeline graph. */
export function emitPipelineComponent(graph: Graph, outputs: Ports, e: DagEmitter): ComponentSpec {
  const spec: ComponentSpec = { dag: { tasks: emitTasks(graph.root, e) } };
  const dagOutputs: DagOutputsSpec = {};
  const paramOuts: [
    string,
    { valueFromParameter: { outputParameterKey: string; producerSubtask: string } },
  ][] = [];
  const artifactOuts: [
    string,
    { artifactSelectors: { outputArtifactKey: string; producerSubtask: string }[] },
  ][] = [];
  for (const [name, ref] of Object.entries(graph.outputs)) {
    const src = ref.source;
    if (src.kind !== 'taskOutput' && src.kind !== 'collected') continue;
    const collected = src.kind === 'collected';
    const sel = { producerSubtask: collected ? src.loop.id : src.task.id };
    const key = collected ? channelName(ref, e.channels) : src.key;
    if (ref.kind === 'param')
      paramOuts.push([name, { valueFromParameter: { outputParameterKey: key, ...sel } }]);
    else artifactOuts.push([name, { artifactSelectors: [{ outputArtifactKey: key, ...sel }] }]);
  }
  if (artifactOuts.length > 0) dagOutputs.artifacts = sorted(artifactOuts);
  if (paramOuts.length > 0) dagOutputs.parameters = sorted(paramOuts);
  if (spec.dag && (dagOutputs.artifacts || dagOutputs.parameters)) spec.dag.outputs = dagOutputs;
  const inputs = inputDefinitions(e.params);
  if (inputs) spec.inputDefinitions = inputs;
  const outs = outputDefinitions(outputs);
  if (outs) spec.outputDefinitions = outs;
  return spec;
}
