/**
 * References: what flows between tasks while `build` wires a pipeline. A reference names where
 * a value will come from at run time (a pipeline input, a task output, a loop item, an exit
 * handler's final status); it never holds the value itself.
 */
import type { JsonValue } from './json.js';
import type { ArtifactSchema, ParamType } from './ports.js';

/** Where a reference's value comes from. Task, loop and exit nodes live in `graph.ts`. */
export type RefSource =
  | { kind: 'pipelineInput'; name: string }
  | { kind: 'taskOutput'; task: { readonly id: string }; key: string }
  | { kind: 'loopItem'; loop: { readonly id: string } }
  | { kind: 'exitStatus'; exit: { readonly id: string } }
  /** Every iteration's value of a task output inside a loop (KFP `dsl.Collected`). */
  | { kind: 'collected'; task: { readonly id: string }; key: string; loop: { readonly id: string } };

/** Parameter kinds a reference can carry; `ANY` is a loop item or struct field of unknown type. */
export type RefType = ParamType | 'ANY' | 'TASK_FINAL_STATUS';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

type ValueOf<K extends RefType> = K extends 'STRING'
  ? string
  : K extends 'NUMBER_DOUBLE' | 'NUMBER_INTEGER'
    ? number
    : K extends 'BOOLEAN'
      ? boolean
      : K extends 'ANY'
        ? string | number | boolean
        : never;

/** A comparison operand: a literal or another parameter reference. */
export type Operand<K extends RefType> = ValueOf<K> | ParamRef<K> | ParamRef<'ANY'>;

/** A condition for `when`: a comparison, or `and`/`or`/`not` of conditions. */
export type Condition =
  | {
      readonly kind: 'compare';
      readonly op: CompareOp;
      readonly left: ParamRef;
      readonly right: ParamRef | JsonValue;
    }
  | { readonly kind: 'not'; readonly condition: Condition }
  | { readonly kind: 'and' | 'or'; readonly conditions: readonly Condition[] };

/**
 * A reference to a parameter value of KFP type `K`.
 *
 * @example
 * ```ts
 * when(flip.outputs.side.eq('heads'), () => { report({ msg: flip.outputs.side }); });
 * ```
 */
export class ParamRef<K extends RefType = RefType, T = unknown> {
  readonly kind = 'param' as const;
  /** Type-level only. */
  declare readonly __value?: T;

  constructor(
    readonly type: K,
    readonly source: RefSource,
    /** A CEL selector applied to the value (KFP `parameterExpressionSelector`), e.g. a struct field. */
    readonly selector?: string,
  ) {}

  eq(value: Operand<K>): Condition {
    return compare('==', this, value);
  }
  ne(value: Operand<K>): Condition {
    return compare('!=', this, value);
  }
  lt(value: Operand<K>): Condition {
    return compare('<', this, value);
  }
  le(value: Operand<K>): Condition {
    return compare('<=', this, value);
  }
  gt(value: Operand<K>): Condition {
    return compare('>', this, value);
  }
  ge(value: Operand<K>): Condition {
    return compare('>=', this, value);
  }

  /** A field of a struct value (for example a loop item over a list of objects). */
  get(field: string): ParamRef<'ANY'> {
    return new ParamRef('ANY', this.source, `parseJson(string_value)[${JSON.stringify(field)}]`);
  }
}

/** A reference to an artifact of KFP schema `S` (a list of them when `L` is true). */
export class ArtifactRef<S extends ArtifactSchema = ArtifactSchema, L extends boolean = boolean> {
  readonly kind = 'artifact' as const;
  declare readonly __list?: L;

  constructor(
    readonly schemaTitle: S,
    readonly source: RefSource,
    readonly list: L,
  ) {}
}

export type Ref = ParamRef | ArtifactRef;

function compare(op: CompareOp, left: ParamRef, right: unknown): Condition {
  return { kind: 'compare', op, left, right: right as ParamRef | JsonValue };
}

/** All of the conditions. */
export function and(...conditions: Condition[]): Condition {
  return { kind: 'and', conditions };
}
/** Any of the conditions. */
export function or(...conditions: Condition[]): Condition {
  return { kind: 'or', conditions };
}
/** The negation of a condition. */
export function not(condition: Condition): Condition {
  return { kind: 'not', condition };
}

/**
 * Reference checks go by shape, not `instanceof`: a pipeline file loaded through another copy
 * of Kite (a second install, a test runner's module graph) still compiles.
 */
export function isParamRef(value: unknown): value is ParamRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'param' &&
    'source' in value
  );
}

export function isArtifactRef(value: unknown): value is ArtifactRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'artifact' &&
    'source' in value
  );
}

export function isRef(value: unknown): value is Ref {
  return isParamRef(value) || isArtifactRef(value);
}
