/**
 * Conditions to CEL, as KFP's compiler writes them:
 * `inputs.parameter_values['pipelinechannel--x'] == 'heads'`, numbers cast with `int(...)` or
 * `double(...)`, else-branches as `!(a) && b`.
 */
import { KiteError } from '../core/index.js';
import type { Condition, JsonValue, ParamRef } from '../dsl/index.js';
import type { ParameterType } from '../ir/index.js';

export interface CelOperandInfo {
  /** The channel name the condition's DAG task receives the value under. */
  channel: string;
  /** Its declared parameter type. */
  type: ParameterType;
}

function literal(value: JsonValue): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new KiteError(
    'INVALID_PIPELINE',
    `conditions compare with strings, numbers or booleans, not ${JSON.stringify(value)}`,
  );
}

function operand(info: CelOperandInfo, other: JsonValue | undefined): string {
  const access = `inputs.parameter_values['${info.channel}']`;
  if (info.type === 'NUMBER_INTEGER') return `int(${access})`;
  if (info.type === 'NUMBER_DOUBLE') return `double(${access})`;
  if (info.type === 'STRING' && typeof other === 'number')
    return Number.isInteger(other) ? `int(${access})` : `double(${access})`;
  return access;
}

/** Writes a condition as CEL; `info` says the channel and type of each reference. */
export function toCel(condition: Condition, info: (ref: ParamRef) => CelOperandInfo): string {
  const write = (c: Condition, nested: boolean): string => {
    switch (c.kind) {
      case 'compare': {
        const right = c.right;
        const rightIsRef =
          right !== null &&
          typeof right === 'object' &&
          !Array.isArray(right) &&
          (right as { kind?: unknown }).kind === 'param';
        const left = operand(info(c.left), rightIsRef ? undefined : (right as JsonValue));
        const r = rightIsRef
          ? operand(info(right as unknown as ParamRef), undefined)
          : literal(right as JsonValue);
        return `${left} ${c.op} ${r}`;
      }
      case 'not':
        return `!(${write(c.condition, false)})`;
      case 'and':
      case 'or': {
        const joined = c.conditions.map((x) => write(x, true)).join(c.kind === 'and' ? ' && ' : ' || ');
        return nested && c.conditions.length > 1 ? `(${joined})` : joined;
      }
    }
  };
  return write(condition, false);
}
