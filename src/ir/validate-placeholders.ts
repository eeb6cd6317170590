/**
 * Checks the `{{$.inputs...}}` / `{{$.outputs...}}` placeholders of a container executor
 * against the input and output definitions of the components that use it. The launcher leaves
 * a placeholder it cannot resolve in the command line as literal text, so a misspelt name is
 * a silent bug at run time; here it is an error at validation time.
 */
import type { Issue } from '../core/index.js';
import { isObject, issue } from './structure.js';
import type { ComponentSpec } from './types.js';

const PLACEHOLDER = /\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\['([^']*)'\]/g;
const IF_PRESENT = /"InputName"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

/** Appends an issue for every placeholder of `executor` that `component` does not define. */
export function checkExecutorPlaceholders(
  executor: unknown,
  executorPath: readonly (string | number)[],
  component: ComponentSpec,
  componentName: string,
  issues: Issue[],
): void {
  if (!isObject(executor) || !isObject(executor.container)) return;
  const container = executor.container;
  const defined = (side: 'inputs' | 'outputs', kind: 'parameters' | 'artifacts', name: string): boolean => {
    const defs = side === 'inputs' ? component.inputDefinitions : component.outputDefinitions;
    return isObject(defs?.[kind]) && name in (defs?.[kind] ?? {});
  };
  for (const field of ['command', 'args'] as const) {
    const list = container[field];
    if (!Array.isArray(list)) continue;
    list.forEach((arg, i) => {
      if (typeof arg !== 'string') return;
      const at = [...executorPath, 'container', field, i];
      for (const m of arg.matchAll(PLACEHOLDER)) {
        const [, side, kind, name] = m as unknown as [
          string,
          'inputs' | 'outputs',
          'parameters' | 'artifacts',
          string,
        ];
        if (!defined(side, kind, name)) {
          const noun = `${side === 'inputs' ? 'input' : 'output'} ${kind === 'parameters' ? 'parameter' : 'artifact'}`;
          issues.push(
            issue(
              'IR_PLACEHOLDER',
              at,
              `placeholder ${m[0]}… refers to ${noun} '${name}', which component '${componentName}' does not define`,
            ),
          );
        }
      }
      for (const m of arg.matchAll(IF_PRESENT)) {
        const name = JSON.parse(`"${m[1] ?? ''}"`) as string;
        if (!defined('inputs', 'parameters', name) && !defined('inputs', 'artifacts', name)) {
          issues.push(
            issue(
              'IR_PLACEHOLDER',
              at,
              `IfPresent refers to input '${name}', which component '${componentName}' does not define`,
            ),
          );
        }
      }
    });
  }
}
