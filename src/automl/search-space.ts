/**
 * The search space decoded from `spec.parameters`: numbers instead of strings, and the
 * conversions every algorithm needs (to and from the unit cube, value formatting as Katib's
 * services print assignments).
 */
import type { ParameterAssignment, ParameterSpec } from './types.js';

export interface NumericParam {
  kind: 'int' | 'double';
  name: string;
  min: number;
  max: number;
  step?: number;
  distribution: 'uniform' | 'logUniform' | 'normal' | 'logNormal';
}

export interface ChoiceParam {
  kind: 'categorical' | 'discrete';
  name: string;
  list: string[];
  distribution: string;
}

export type Param = NumericParam | ChoiceParam;
export type SearchSpace = readonly Param[];

/** Decodes validated `spec.parameters` (bounds parsed, distribution defaulted to uniform). */
export function toSearchSpace(parameters: readonly ParameterSpec[]): SearchSpace {
  return parameters.map((p): Param => {
    const fs = p.feasibleSpace;
    const dist = (fs.distribution || 'uniform') as NumericParam['distribution'];
    if (p.parameterType === 'int' || p.parameterType === 'double') {
      const step = fs.step ? Number(fs.step) : undefined;
      return {
        kind: p.parameterType,
        name: p.name,
        min: Number(fs.min),
        max: Number(fs.max),
        ...(step === undefined ? {} : { step }),
        distribution: dist === ('unknown' as string) ? 'uniform' : dist,
      };
    }
    return {
      kind: p.parameterType === 'discrete' ? 'discrete' : 'categorical',
      name: p.name,
      list: fs.list ?? [],
      distribution: dist,
    };
  });
}

/** Formats a number as Katib's Python services do for assignments (`str(float)`, `str(int)`). */
export function formatNumber(v: number, kind: 'int' | 'double'): string {
  if (kind === 'int') return String(Math.round(v));
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
  return String(v);
}

/** Rounds to the grid `min + k·step` and clips to [min, max]. */
export function snap(p: NumericParam, v: number): number {
  let x = Math.min(p.max, Math.max(p.min, v));
  if (p.step) x = Math.min(p.max, p.min + Math.round((x - p.min) / p.step) * p.step);
  if (p.kind === 'int') x = Math.round(x);
  // Avoid 0.30000000000000004 style noise from the step arithmetic.
  return p.step || p.kind === 'int' ? Number(x.toPrecision(12)) : x;
}

const isLog = (p: NumericParam): boolean => p.distribution === 'logUniform' || p.distribution === 'logNormal';

/** Maps a numeric value to [0, 1] (in log space for log distributions). */
export function toUnit(p: NumericParam, v: number): number {
  if (p.max === p.min) return 0.5;
  if (isLog(p) && p.min > 0) return (Math.log(v) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min));
  return (v - p.min) / (p.max - p.min);
}

/** Maps u in [0, 1] back to a snapped value. */
export function fromUnit(p: NumericParam, u: number): number {
  const c = Math.min(1, Math.max(0, u));
  const raw =
    isLog(p) && p.min > 0
      ? Math.exp(Math.log(p.min) + c * (Math.log(p.max) - Math.log(p.min)))
      : p.min + c * (p.max - p.min);
  return snap(p, raw);
}

/** Number of distinct values of a parameter, or Infinity for a continuous double. */
export function cardinality(p: Param): number {
  if (isChoice(p)) return p.list.length;
  if (p.kind === 'int') return Math.floor((p.max - p.min) / (p.step ?? 1)) + 1;
  return p.step ? Math.floor((p.max - p.min) / p.step + 1e-9) + 1 : Number.POSITIVE_INFINITY;
}

/** A point of the search space: numbers for int/double, the list entry for the others. */
export type Point = Record<string, number | string>;

/** Formats a point as Katib's `parameterAssignments`, in the order of the parameters. */
export function toAssignments(space: SearchSpace, point: Point): ParameterAssignment[] {
  return space.map((p) => {
    const v = point[p.name];
    return {
      name: p.name,
      value: typeof v === 'number' && !isChoice(p) ? formatNumber(v, p.kind) : String(v),
    };
  });
}

/** Parses assignments back into a point. */
export function fromAssignments(space: SearchSpace, assignments: readonly ParameterAssignment[]): Point {
  const byName = new Map(assignments.map((a) => [a.name, a.value]));
  const out: Point = {};
  for (const p of space) {
    const v = byName.get(p.name);
    if (v === undefined) continue;
    out[p.name] = p.kind === 'int' || p.kind === 'double' ? Number(v) : v;
  }
  return out;
}

/** True for categorical/discrete parameters (a type guard; TS cannot narrow the `kind` pair). */
export function isChoice(p: Param): p is ChoiceParam {
  return p.kind === 'categorical' || p.kind === 'discrete';
}
