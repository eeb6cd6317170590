/**
 * Reference checks inside one DAG component: every task's component, inputs, producers,
 * iterators and dependencies resolve, required inputs are bound, there is no dependency cycle,
 * and the DAG's outputs select outputs that exist.
 */
import type { Issue } from '../core/index.js';
import { parameterValueProblem } from './parameter-values.js';
import { isObject, issue, warning } from './structure.js';
import type {
  ComponentSpec,
  DagSpec,
  InputArtifactSpec,
  InputParameterSpec,
  JsonValue,
  ParameterType,
  PipelineTaskSpec,
} from './types.js';
import { checkDagOutputs } from './validate-dag-outputs.js';
import { checkIterator } from './validate-iterator.js';

/** What {@link checkDag} needs from the whole spec. */
export interface DagContext {
  components: Record<string, ComponentSpec>;
  issues: Issue[];
  /** Filled with every component name a task refers to. */
  usedComponents: Set<string>;
}

type Path = (string | number)[];

const keysOf = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

/** Checks the `dag` of component `c` found at `path`. */
export function checkDag(c: ComponentSpec, path: Path, ctx: DagContext): void {
  const dag = c.dag as DagSpec;
  const tasks = keysOf(dag.tasks) as Record<string, PipelineTaskSpec>;
  const { issues } = ctx;
  const componentOf = (taskId: string): ComponentSpec | undefined => {
    const ref = tasks[taskId]?.componentRef?.name;
    const target = typeof ref === 'string' ? ctx.components[ref] : undefined;
    return isObject(target) ? target : undefined;
  };
  const edges = new Map<string, Set<string>>();
  for (const [id, rawTask] of Object.entries(tasks)) {
    if (!isObject(rawTask)) continue;
    const task = rawTask as PipelineTaskSpec;
    const at: Path = [...path, 'dag', 'tasks', id];
    const upstream = new Set<string>();
    edges.set(id, upstream);
    const producer = (name: unknown, where: Path): boolean => {
      if (typeof name !== 'string' || name === '') {
        issues.push(issue('IR_REQUIRED', where, 'producerTask is required'));
        return false;
      }
      if (name === id) {
        issues.push(issue('IR_REF', where, `task '${id}' cannot consume its own output`));
        return false;
      }
      if (!(name in tasks)) {
        issues.push(
          issue('IR_REF', where, `no task '${name}' in this DAG (tasks: ${Object.keys(tasks).join(', ')})`),
        );
        return false;
      }
      upstream.add(name);
      return true;
    };
    const ref = task.componentRef?.name;
    let target: ComponentSpec | undefined;
    if (typeof ref !== 'string' || ref === '') {
      issues.push(issue('IR_REQUIRED', [...at, 'componentRef', 'name'], 'componentRef.name is required'));
    } else {
      ctx.usedComponents.add(ref);
      target = componentOf(id);
      if (target === undefined) {
        issues.push(
          issue('IR_REF', [...at, 'componentRef', 'name'], `component '${ref}' is not defined in components`),
        );
      }
    }
    const targetParams = keysOf(target?.inputDefinitions?.parameters);
    const targetArtifacts = keysOf(target?.inputDefinitions?.artifacts);
    const ownParams = keysOf(c.inputDefinitions?.parameters);
    const ownArtifacts = keysOf(c.inputDefinitions?.artifacts);
    const params = keysOf(task.inputs?.parameters) as Record<string, InputParameterSpec>;
    const artifacts = keysOf(task.inputs?.artifacts) as Record<string, InputArtifactSpec>;

    for (const [name, p] of Object.entries(params)) {
      if (!isObject(p)) continue;
      const pAt: Path = [...at, 'inputs', 'parameters', name];
      const declared = targetParams[name] as { parameterType?: ParameterType } | undefined;
      if (
        declared?.parameterType === 'TASK_FINAL_STATUS' &&
        (isObject(p.runtimeValue) || isObject(p.taskOutputParameter))
      ) {
        issues.push(
          issue(
            'IR_TYPE',
            pAt,
            'a TASK_FINAL_STATUS input is bound with taskFinalStatus: {producerTask} (or passed on with componentInputParameter)',
          ),
        );
      }
      // No check that `name` is declared by the component: the SDK itself passes extra inputs
      // (`pipelinechannel--…` values used by trigger conditions, f-strings, resource fields).
      if (typeof p.componentInputParameter === 'string' && !(p.componentInputParameter in ownParams)) {
        issues.push(
          issue(
            'IR_REF',
            [...pAt, 'componentInputParameter'],
            `the enclosing component has no input parameter '${p.componentInputParameter}'`,
          ),
        );
      } else if (isObject(p.taskOutputParameter)) {
        const src = p.taskOutputParameter;
        if (producer(src.producerTask, [...pAt, 'taskOutputParameter', 'producerTask'])) {
          const outs = keysOf(componentOf(src.producerTask as string)?.outputDefinitions?.parameters);
          if (
            componentOf(src.producerTask as string) !== undefined &&
            !(String(src.outputParameterKey) in outs)
          ) {
            issues.push(
              issue(
                'IR_REF',
                [...pAt, 'taskOutputParameter', 'outputParameterKey'],
                `task '${src.producerTask}' has no output parameter '${src.outputParameterKey ?? ''}'`,
              ),
            );
          }
        }
      } else if (isObject(p.taskFinalStatus)) {
        const from = p.taskFinalStatus.producerTask;
        const deps = Array.isArray(task.dependentTasks) ? task.dependentTasks : [];
        if (producer(from, [...pAt, 'taskFinalStatus', 'producerTask']) && !deps.includes(from as string)) {
          issues.push(
            warning(
              'IR_FINAL_STATUS',
              [...pAt, 'taskFinalStatus', 'producerTask'],
              `list '${from}' in dependentTasks (with strategy ALL_UPSTREAM_TASKS_COMPLETED) so this task runs after it`,
            ),
          );
        }
        if (declared?.parameterType !== undefined && declared.parameterType !== 'TASK_FINAL_STATUS') {
          issues.push(
            issue(
              'IR_TYPE',
              pAt,
              `taskFinalStatus feeds a ${declared.parameterType} parameter; declare it TASK_FINAL_STATUS`,
            ),
          );
        }
      } else if (isObject(p.runtimeValue)) {
        const rv = p.runtimeValue;
        const constant = rv.constant as JsonValue | undefined;
        const isPlaceholder = typeof constant === 'string' && constant.includes('{{$');
        if (
          constant !== undefined &&
          constant !== null &&
          !isPlaceholder &&
          declared?.parameterType !== undefined
        ) {
          const problem = parameterValueProblem(constant, declared.parameterType);
          if (problem !== undefined)
            issues.push(issue('IR_VALUE', [...pAt, 'runtimeValue', 'constant'], problem));
        }
        if (typeof rv.runtimeParameter === 'string' && !(rv.runtimeParameter in ownParams)) {
          issues.push(
            issue(
              'IR_REF',
              [...pAt, 'runtimeValue', 'runtimeParameter'],
              `the enclosing component has no input parameter '${rv.runtimeParameter}'`,
            ),
          );
        }
      } else if (p.componentInputParameter === undefined) {
        issues.push(
          issue(
            'IR_REQUIRED',
            pAt,
            'set one of taskOutputParameter, runtimeValue, componentInputParameter, taskFinalStatus',
          ),
        );
      }
    }
    for (const [name, a] of Object.entries(artifacts)) {
      if (!isObject(a)) continue;
      const aAt: Path = [...at, 'inputs', 'artifacts', name];
      if (target !== undefined && !(name in targetArtifacts)) {
        issues.push(
          warning(
            'IR_EXTRA_INPUT',
            aAt,
            `'${name}' is not an input artifact of component '${ref}'; the component never sees it`,
          ),
        );
      }
      if (typeof a.componentInputArtifact === 'string') {
        if (!(a.componentInputArtifact in ownArtifacts)) {
          issues.push(
            issue(
              'IR_REF',
              [...aAt, 'componentInputArtifact'],
              `the enclosing component has no input artifact '${a.componentInputArtifact}'`,
            ),
          );
        }
      } else if (isObject(a.taskOutputArtifact)) {
        const src = a.taskOutputArtifact;
        if (producer(src.producerTask, [...aAt, 'taskOutputArtifact', 'producerTask'])) {
          const producerComponent = componentOf(src.producerTask as string);
          const outs = keysOf(producerComponent?.outputDefinitions?.artifacts);
          if (producerComponent !== undefined && !(String(src.outputArtifactKey) in outs)) {
            issues.push(
              issue(
                'IR_REF',
                [...aAt, 'taskOutputArtifact', 'outputArtifactKey'],
                `task '${src.producerTask}' has no output artifact '${src.outputArtifactKey ?? ''}'`,
              ),
            );
          }
        }
      } else {
        issues.push(issue('IR_REQUIRED', aAt, 'set one of taskOutputArtifact, componentInputArtifact'));
      }
    }

    const itemInput = checkIterator(
      task,
      at,
      params,
      artifacts,
      targetParams,
      targetArtifacts,
      target !== undefined,
      issues,
    );
    if (target !== undefined) {
      for (const [name, d] of Object.entries(targetParams)) {
        const def = d as { isOptional?: boolean; defaultValue?: unknown };
        if (name in params || name === itemInput || def.isOptional === true || def.defaultValue !== undefined)
          continue;
        issues.push(
          issue(
            'IR_MISSING_INPUT',
            [...at, 'inputs', 'parameters', name],
            `required input parameter '${name}' of component '${ref}' is not bound`,
          ),
        );
      }
      for (const [name, d] of Object.entries(targetArtifacts)) {
        if (name in artifacts || name === itemInput || (d as { isOptional?: boolean }).isOptional === true)
          continue;
        issues.push(
          issue(
            'IR_MISSING_INPUT',
            [...at, 'inputs', 'artifacts', name],
            `required input artifact '${name}' of component '${ref}' is not bound`,
          ),
        );
      }
      if (isObject(task.retryPolicy) && isObject(target.dag)) {
        issues.push(
          warning(
            'IR_RETRY_ON_DAG',
            [...at, 'retryPolicy'],
            'retryPolicy applies to component tasks only; KFP ignores it on a DAG task',
          ),
        );
      }
    }
    if (
      isObject(task.retryPolicy) &&
      typeof task.retryPolicy.maxRetryCount === 'number' &&
      task.retryPolicy.maxRetryCount < 0
    ) {
      issues.push(issue('IR_VALUE', [...at, 'retryPolicy', 'maxRetryCount'], 'maxRetryCount must be >= 0'));
    }
    (Array.isArray(task.dependentTasks) ? task.dependentTasks : []).forEach((dep, i) => {
      producer(dep, [...at, 'dependentTasks', i]);
    });
  }
  checkCycles(edges, [...path, 'dag', 'tasks'], issues);
  checkDagOutputs(c, path, tasks, componentOf, issues);
}

/** Reports each dependency cycle once, as `a → b → a`. */
function checkCycles(edges: Map<string, Set<string>>, at: Path, issues: Issue[]): void {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const up of [...(edges.get(id) ?? [])].sort()) {
      const s = state.get(up);
      if (s === 'open') {
        const cycle = [...stack.slice(stack.indexOf(up)), up];
        issues.push(
          issue('IR_CYCLE', [...at, up], `dependency cycle: ${cycle.join(' → ')} (→ means "waits for")`),
        );
      } else if (s === undefined) visit(up);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of [...edges.keys()].sort()) if (!state.has(id)) visit(id);
}
