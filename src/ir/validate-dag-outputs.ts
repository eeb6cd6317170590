/**
 * Checks of a DAG component's `dag.outputs`: every output is declared and selects an output
 * that a task of the DAG produces; declared outputs that are never bound are reported.
 */
import type { Issue } from '../core/index.js';
import { isObject, issue, warning } from './structure.js';
import type { ComponentSpec, PipelineTaskSpec } from './types.js';

type Path = (string | number)[];

const keysOf = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});

/** Checks `c.dag.outputs` at `path`. */
export function checkDagOutputs(
  c: ComponentSpec,
  path: Path,
  tasks: Record<string, PipelineTaskSpec>,
  componentOf: (taskId: string) => ComponentSpec | undefined,
  issues: Issue[],
): void {
  const outputs = keysOf(c.dag?.outputs);
  const declaredParams = keysOf(c.outputDefinitions?.parameters);
  const declaredArtifacts = keysOf(c.outputDefinitions?.artifacts);
  const selector = (s: unknown, where: Path, kind: 'parameters' | 'artifacts'): void => {
    if (!isObject(s)) return;
    const sub = s.producerSubtask;
    const key = kind === 'parameters' ? s.outputParameterKey : s.outputArtifactKey;
    if (typeof sub !== 'string' || !(sub in tasks)) {
      issues.push(
        issue('IR_REF', [...where, 'producerSubtask'], `no task '${String(sub ?? '')}' in this DAG`),
      );
      return;
    }
    const producer = componentOf(sub);
    const keyName = kind === 'parameters' ? 'outputParameterKey' : 'outputArtifactKey';
    if (producer !== undefined && !(String(key) in keysOf(producer.outputDefinitions?.[kind]))) {
      issues.push(
        issue(
          'IR_REF',
          [...where, keyName],
          `task '${sub}' has no output ${kind === 'parameters' ? 'parameter' : 'artifact'} '${String(key ?? '')}'`,
        ),
      );
    }
  };
  for (const [name, spec] of Object.entries(keysOf(outputs.parameters))) {
    const at: Path = [...path, 'dag', 'outputs', 'parameters', name];
    if (!(name in declaredParams))
      issues.push(issue('IR_REF', at, `'${name}' is not declared in outputDefinitions.parameters`));
    if (!isObject(spec)) continue;
    if (isObject(spec.valueFromParameter))
      selector(spec.valueFromParameter, [...at, 'valueFromParameter'], 'parameters');
    else if (isObject(spec.valueFromOneof)) {
      const list = spec.valueFromOneof.parameterSelectors;
      if (!Array.isArray(list) || list.length === 0)
        issues.push(
          issue(
            'IR_REQUIRED',
            [...at, 'valueFromOneof', 'parameterSelectors'],
            'at least one selector is required',
          ),
        );
      else
        list.forEach((s, i) => {
          selector(s, [...at, 'valueFromOneof', 'parameterSelectors', i], 'parameters');
        });
    } else issues.push(issue('IR_REQUIRED', at, "set 'valueFromParameter' or 'valueFromOneof'"));
  }
  for (const [name, spec] of Object.entries(keysOf(outputs.artifacts))) {
    const at: Path = [...path, 'dag', 'outputs', 'artifacts', name];
    if (!(name in declaredArtifacts))
      issues.push(issue('IR_REF', at, `'${name}' is not declared in outputDefinitions.artifacts`));
    const list = isObject(spec) ? spec.artifactSelectors : undefined;
    if (!Array.isArray(list) || list.length === 0)
      issues.push(
        issue('IR_REQUIRED', [...at, 'artifactSelectors'], 'at least one artifact selector is required'),
      );
    else
      list.forEach((s, i) => {
        selector(s, [...at, 'artifactSelectors', i], 'artifacts');
      });
  }
  for (const name of Object.keys(declaredParams)) {
    if (!(name in keysOf(outputs.parameters))) {
      issues.push(
        warning(
          'IR_UNBOUND_OUTPUT',
          [...path, 'outputDefinitions', 'parameters', name],
          `DAG output '${name}' is not bound in dag.outputs`,
        ),
      );
    }
  }
  for (const name of Object.keys(declaredArtifacts)) {
    if (!(name in keysOf(outputs.artifacts))) {
      issues.push(
        warning(
          'IR_UNBOUND_OUTPUT',
          [...path, 'outputDefinitions', 'artifacts', name],
          `DAG output '${name}' is not bound in dag.outputs`,
        ),
      );
    }
  }
}
