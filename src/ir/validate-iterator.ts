/**
 * Checks of a task's iterator (`parameterIterator` / `artifactIterator`) and `iteratorPolicy`.
 */
import type { Issue } from '../core/index.js';
import { isObject, issue, warning } from './structure.js';
import type { PipelineTaskSpec } from './types.js';

type Path = (string | number)[];

/** Checks the iterator of `task` and returns its `itemInput` (exempt from "required input"). */
export function checkIterator(
  task: PipelineTaskSpec,
  at: Path,
  params: Record<string, unknown>,
  artifacts: Record<string, unknown>,
  targetParams: Record<string, unknown>,
  targetArtifacts: Record<string, unknown>,
  haveTarget: boolean,
  issues: Issue[],
): string | undefined {
  const pi = task.parameterIterator;
  const ai = task.artifactIterator;
  if (isObject(task.iteratorPolicy) && !isObject(pi) && !isObject(ai)) {
    issues.push(
      warning(
        'IR_ITERATOR',
        [...at, 'iteratorPolicy'],
        'iteratorPolicy has no effect on a task without an iterator',
      ),
    );
  }
  if (
    isObject(task.iteratorPolicy) &&
    typeof task.iteratorPolicy.parallelismLimit === 'number' &&
    task.iteratorPolicy.parallelismLimit < 0
  ) {
    issues.push(
      issue(
        'IR_VALUE',
        [...at, 'iteratorPolicy', 'parallelismLimit'],
        'parallelismLimit must be >= 0 (0 = unlimited)',
      ),
    );
  }
  if (isObject(pi)) {
    const pAt = [...at, 'parameterIterator'];
    const items = pi.items;
    if (!isObject(items) || (items.raw === undefined && items.inputParameter === undefined)) {
      issues.push(
        issue('IR_REQUIRED', [...pAt, 'items'], "parameterIterator.items needs 'raw' or 'inputParameter'"),
      );
    } else if (typeof items.raw === 'string') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(items.raw);
      } catch {
        parsed = undefined;
      }
      if (!Array.isArray(parsed))
        issues.push(
          issue('IR_VALUE', [...pAt, 'items', 'raw'], 'items.raw must be a JSON array, e.g. "[1, 2]"'),
        );
    } else if (typeof items.inputParameter === 'string' && !(items.inputParameter in params)) {
      issues.push(
        issue(
          'IR_REF',
          [...pAt, 'items', 'inputParameter'],
          `items.inputParameter '${items.inputParameter}' is not an input parameter of this task`,
        ),
      );
    }
    if (typeof pi.itemInput !== 'string' || pi.itemInput === '') {
      issues.push(issue('IR_REQUIRED', [...pAt, 'itemInput'], 'parameterIterator.itemInput is required'));
    } else if (haveTarget && !(pi.itemInput in targetParams)) {
      issues.push(
        issue(
          'IR_REF',
          [...pAt, 'itemInput'],
          `itemInput '${pi.itemInput}' is not declared in the loop component's inputDefinitions.parameters`,
        ),
      );
    }
    return typeof pi.itemInput === 'string' ? pi.itemInput : undefined;
  }
  if (isObject(ai)) {
    const aAt = [...at, 'artifactIterator'];
    const input = isObject(ai.items) ? ai.items.inputArtifact : undefined;
    if (typeof input !== 'string' || input === '') {
      issues.push(
        issue(
          'IR_REQUIRED',
          [...aAt, 'items', 'inputArtifact'],
          'artifactIterator.items.inputArtifact is required',
        ),
      );
    } else if (!(input in artifacts)) {
      issues.push(
        issue(
          'IR_REF',
          [...aAt, 'items', 'inputArtifact'],
          `'${input}' is not an input artifact of this task`,
        ),
      );
    }
    if (typeof ai.itemInput !== 'string' || ai.itemInput === '') {
      issues.push(issue('IR_REQUIRED', [...aAt, 'itemInput'], 'artifactIterator.itemInput is required'));
    } else if (haveTarget && !(ai.itemInput in targetArtifacts)) {
      issues.push(
        issue(
          'IR_REF',
          [...aAt, 'itemInput'],
          `itemInput '${ai.itemInput}' is not declared in the loop component's inputDefinitions.artifacts`,
        ),
      );
    }
    return typeof ai.itemInput === 'string' ? ai.itemInput : undefined;
  }
  return undefined;
}
