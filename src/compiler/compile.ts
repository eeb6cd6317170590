/**
 * The compiler: a pipeline's graph → a KFP PipelineSpec (`schemaVersion: 2.1.0`). Every
 * component becomes a container executor that runs Kite's executor entry point
 * (`kite execute --executor_input {{$}} ...`); every nested pipeline and control-flow group a
 * DAG component.
 */
import { digestOf, type Issue, KiteError, sha256, throwIfErrors, VERSION } from '../core/index.js';
import {
  type AnyComponent,
  type AnyPipeline,
  isComponent,
  isParamRef,
  isPipeline,
  type LoopScope,
  type Ports,
  type Ref,
  type Scope,
  type TaskNode,
  validateGraph,
} from '../dsl/index.js';
// Direct file imports, not ir/index.js: `kite execute` starts once per task with process
// isolation, and the index also loads the YAML parser (~30 ms).
import type { ComponentSpec, ExecutorSpec, ParameterType, PipelineSpec } from '../ir/index.js';
import { SCHEMA_VERSION } from '../ir/types.js';
import { validatePipelineSpec } from '../ir/validate.js';
import { CHANNEL_PREFIX, type ChannelContext, scopesIn, tasksIn } from './channels.js';
import { type DagEmitter, emitPipelineComponent } from './emit-dag.js';
import { inputDefinitions, outputDefinitions } from './ports.js';

/** The image Kite's components run in on Kubeflow unless a pipeline or component says otherwise. */
export const DEFAULT_IMAGE = `ghcr.io/kite-ml/kite:${VERSION}`;

export interface CompileOptions {
  /** Default image for components (a component's or pipeline's own `image` wins). */
  image?: string;
  /** Path of the pipeline module as the executor will load it (relative to the image's work dir). */
  module?: string;
  /** Turn caching off for every task (a task's own `cache` option still wins). */
  cache?: boolean;
  /** `defaultPipelineRoot`, e.g. `minio://mlpipeline/v2/artifacts`. */
  pipelineRoot?: string;
}

/** The command that starts Kite's executor entry point in a container. */
export const EXECUTOR_COMMAND = ['kite', 'execute'] as const;

/** A digest of a component's spec and code: it changes when either changes. */
export function componentDigest(c: AnyComponent): string {
  return sha256(
    `${digestOf({ name: c.name, inputs: c.inputs, outputs: c.outputs, image: c.spec.image ?? null })}\n${String(c.spec.run)}`,
  );
}

class Registry {
  readonly components = new Map<string, ComponentSpec>();
  readonly executors = new Map<string, ExecutorSpec>();
  private readonly names = new Set<string>();

  unique(base: string): string {
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}-${i}`;
    this.names.add(name);
    return name;
  }
}

/** Every graph of a pipeline and its nested pipelines, with the path that names it. */
function collectGraphs(
  p: AnyPipeline,
  path: string,
  out: { path: string; pipeline: AnyPipeline }[],
  seen: Set<AnyPipeline>,
): void {
  if (seen.has(p)) return;
  seen.add(p);
  out.push({ path, pipeline: p });
  for (const t of p.graph().tasks) {
    if (t.callee.kind === 'pipeline')
      collectGraphs(t.callee as unknown as AnyPipeline, `${path}/${t.id}`, out, seen);
  }
}

/** Every problem of a pipeline (and its nested pipelines), without compiling it. */
export function checkPipeline(p: AnyPipeline): Issue[] {
  const graphs: { path: string; pipeline: AnyPipeline }[] = [];
  collectGraphs(p, p.name, graphs, new Set());
  const issues: Issue[] = [];
  const byName = new Map<string, AnyComponent>();
  for (const g of graphs) {
    const graphIssues = validateGraph(g.pipeline.graph(), g.pipeline.inputs);
    issues.push(
      ...graphIssues.map((i) =>
        g.path === p.name ? i : { ...i, path: `${g.path.slice(0, g.path.lastIndexOf('/'))}/${i.path}` },
      ),
    );
    for (const t of g.pipeline.graph().tasks) {
      if (t.callee.kind !== 'component') continue;
      const c = t.callee as unknown as AnyComponent;
      const other = byName.get(c.name);
      if (other && other !== c) {
        issues.push({
          code: 'DUPLICATE_NAME',
          path: `${g.path}/${t.id}`,
          message: `two different components are named '${c.name}'; give each a unique name`,
        });
      } else byName.set(c.name, c);
    }
    if (Object.keys(g.pipeline.graph().outputs).length > 0) {
      for (const [name, ref] of Object.entries(g.pipeline.graph().outputs)) {
        if (ref.source.kind !== 'taskOutput' && ref.source.kind !== 'collected') {
          issues.push({
            code: 'UNSUPPORTED',
            path: `${g.path}/outputs.${name}`,
            message: 'a pipeline output must come from a task output',
          });
        }
      }
    }
  }
  return issues;
}

function loopItemType(loop: LoopScope, params: Ports): ParameterType {
  if (loop.item.type !== 'ANY') return loop.item.type as ParameterType;
  if (isParamRef(loop.items) && loop.items.source.kind === 'pipelineInput') {
    const port = params[loop.items.source.name];
    const d = port?.kind === 'param' ? port.default : undefined;
    if (Array.isArray(d) && d.length > 0) {
      if (d.every((v) => typeof v === 'string')) return 'STRING';
      if (d.every((v) => Number.isSafeInteger(v))) return 'NUMBER_INTEGER';
      if (d.every((v) => typeof v === 'number')) return 'NUMBER_DOUBLE';
      if (d.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
      if (d.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) return 'STRUCT';
    }
  }
  const used = new Set<string>();
  for (const t of tasksIn(loop)) {
    for (const [name, arg] of Object.entries(t.args)) {
      if (arg.kind !== 'param' || arg.source.kind !== 'loopItem' || arg.source.loop.id !== loop.id) continue;
      if (arg.selector) return 'STRUCT';
      const port = t.callee.inputs[name];
      if (port?.kind === 'param') used.add(port.type);
    }
  }
  return used.size === 1 ? ([...used][0] as ParameterType) : 'STRING';
}

function makeEmitter(
  p: AnyPipeline,
  registry: Registry,
  options: CompileOptions,
  compileNested: (p: AnyPipeline, base: string) => string,
): DagEmitter {
  const graph = p.graph();
  const params = p.inputs as Ports;
  const loops = new Map<string, LoopScope>();
  for (const s of scopesIn(graph.root)) if (s.kind === 'loop') loops.set(s.id, s);
  const channels: ChannelContext = { loops, loopItemChannel: new Map() };
  const tasksById = new Map(graph.tasks.map((t) => [t.id, t]));
  for (const loop of loops.values()) {
    const name = isParamRef(loop.items)
      ? `${CHANNEL_PREFIX}${loop.items.source.kind === 'pipelineInput' ? loop.items.source.name : loop.items.source.kind === 'taskOutput' ? `${loop.items.source.task.id}-${loop.items.source.key}` : loop.id}-loop-item`
      : `${CHANNEL_PREFIX}loop-item-param-${loop.id.slice('for-loop-'.length)}`;
    channels.loopItemChannel.set(loop.id, name);
  }
  const itemTypes = new Map<string, ParameterType>();
  const collected = new Map<string, Ref[]>();
  const allRefs = [
    ...graph.tasks.flatMap((t) =>
      Object.values(t.args).flatMap((a) => (a.kind === 'literal' ? [] : a.kind === 'refList' ? a.refs : [a])),
    ),
    ...Object.values(graph.outputs),
  ];
  for (const ref of allRefs) {
    if (ref.source.kind !== 'collected') continue;
    const list = collected.get(ref.source.loop.id) ?? [];
    if (
      !list.some(
        (r) =>
          r.source.kind === 'collected' &&
          ref.source.kind === 'collected' &&
          r.source.task === ref.source.task &&
          r.source.key === ref.source.key,
      )
    )
      list.push(ref);
    collected.set(ref.source.loop.id, list);
  }
  const e: DagEmitter = {
    channels,
    params,
    collected,
    cacheDefault: options.cache ?? true,
    addComponent: (base, spec) => {
      const name = registry.unique(base);
      registry.components.set(name, spec);
      return name;
    },
    componentFor: (task: TaskNode) => {
      if (task.callee.kind === 'pipeline')
        return compileNested(task.callee as unknown as AnyPipeline, `comp-${task.id}`);
      return emitExecutorComponent(task, p, registry, options);
    },
    paramType: (ref) => {
      const src = ref.source;
      if (src.kind === 'pipelineInput') {
        const port = params[src.name];
        return port?.kind === 'param' ? port.type : 'STRING';
      }
      if (src.kind === 'taskOutput') {
        const port = tasksById.get(src.task.id)?.callee.outputs[src.key];
        return port?.kind === 'param' ? port.type : 'STRING';
      }
      if (src.kind === 'loopItem') {
        const loop = loops.get(src.loop.id);
        if (!loop) return 'STRING';
        let t = itemTypes.get(loop.id);
        if (!t) {
          t = loopItemType(loop, params);
          itemTypes.set(loop.id, t);
        }
        return t;
      }
      if (src.kind === 'collected') return 'LIST';
      return 'TASK_FINAL_STATUS';
    },
  };
  return e;
}

function emitExecutorComponent(
  task: TaskNode,
  p: AnyPipeline,
  registry: Registry,
  options: CompileOptions,
): string {
  const c = task.callee as unknown as AnyComponent;
  const name = registry.unique(`comp-${task.id}`);
  const label = registry.unique(`exec-${task.id}`);
  const spec: ComponentSpec = { executorLabel: label };
  const inputs = inputDefinitions(c.inputs);
  if (inputs) spec.inputDefinitions = inputs;
  const outputs = outputDefinitions(c.outputs);
  if (outputs) spec.outputDefinitions = outputs;
  registry.components.set(name, spec);
  const args = ['--executor_input', '{{$}}', '--component', c.name, '--digest', componentDigest(c)];
  if (options.module) args.push('--module', options.module);
  const container: NonNullable<ExecutorSpec['container']> = {
    image: c.spec.image ?? p.spec.image ?? options.image ?? DEFAULT_IMAGE,
    command: [...EXECUTOR_COMMAND],
    args,
  };
  const r = task.resources;
  if (r) {
    container.resources = {};
    if (r.cpuLimit) container.resources.resourceCpuLimit = r.cpuLimit;
    if (r.memoryLimit) container.resources.resourceMemoryLimit = r.memoryLimit;
    if (r.cpuRequest) container.resources.resourceCpuRequest = r.cpuRequest;
    if (r.memoryRequest) container.resources.resourceMemoryRequest = r.memoryRequest;
    if (r.accelerator)
      container.resources.accelerator = {
        resourceType: r.accelerator.type,
        resourceCount: String(r.accelerator.count),
      };
  }
  registry.executors.set(label, { container });
  return name;
}

/**
 * Compiles a pipeline to KFP's PipelineSpec. Throws one `KiteError('INVALID_PIPELINE')` listing
 * every problem when the pipeline is invalid.
 *
 * @example
 * ```ts
 * const spec = compilePipeline(myPipeline, { module: 'pipelines/train.ts' });
 * writeFileSync('train.yaml', toYaml(spec));
 * ```
 */
export function compilePipeline(p: AnyPipeline, options: CompileOptions = {}): PipelineSpec {
  if (!isPipeline(p))
    throw new KiteError('INVALID_ARGUMENT', 'compilePipeline expects a pipeline made with pipeline()');
  throwIfErrors('INVALID_PIPELINE', `pipeline '${p.name}'`, checkPipeline(p));
  const registry = new Registry();
  const nested = new Map<AnyPipeline, string>();
  const compileNested = (inner: AnyPipeline, base: string): string => {
    const known = nested.get(inner);
    if (known) return known;
    const name = registry.unique(base);
    nested.set(inner, name);
    registry.components.set(
      name,
      emitPipelineComponent(
        inner.graph(),
        inner.outputs,
        makeEmitter(inner, registry, options, compileNested),
      ),
    );
    return name;
  };
  const root = emitPipelineComponent(p.graph(), p.outputs, makeEmitter(p, registry, options, compileNested));
  const sortedMap = <T>(m: Map<string, T>): Record<string, T> =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const spec: PipelineSpec = {
    components: sortedMap(registry.components),
    deploymentSpec: { executors: sortedMap(registry.executors) },
    pipelineInfo: p.spec.description ? { description: p.spec.description, name: p.name } : { name: p.name },
    root,
    schemaVersion: SCHEMA_VERSION,
    sdkVersion: `kite-${VERSION}`,
  };
  if (options.pipelineRoot) spec.defaultPipelineRoot = options.pipelineRoot;
  // The compiler's output must always pass the strict validator; anything else is our bug.
  const problems = validatePipelineSpec(spec).filter((i) => (i.severity ?? 'error') === 'error');
  if (problems.length > 0) {
    throw new KiteError(
      'INTERNAL',
      `compiling '${p.name}' produced an invalid PipelineSpec (a Kite bug):\n${problems.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
      { issues: problems },
    );
  }
  return spec;
}

/** The components used by a pipeline and its nested pipelines, by name (what the executor runs). */
export function componentsOf(p: AnyPipeline): Map<string, AnyComponent> {
  const graphs: { path: string; pipeline: AnyPipeline }[] = [];
  collectGraphs(p, p.name, graphs, new Set());
  const out = new Map<string, AnyComponent>();
  for (const g of graphs)
    for (const t of g.pipeline.graph().tasks) if (isComponent(t.callee)) out.set(t.callee.name, t.callee);
  return out;
}

export type { Scope };
