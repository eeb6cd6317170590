/**
 * Ports: the typed inputs and outputs of components and pipelines. A port object is the single
 * source of both the static types (through its type parameters) and the IR (through its runtime
 * fields).
 */
import type { JsonValue } from './json.js';

export const PARAM_TYPES = [
  'STRING',
  'NUMBER_DOUBLE',
  'NUMBER_INTEGER',
  'BOOLEAN',
  'LIST',
  'STRUCT',
  'TASK_FINAL_STATUS',
] as const;
/** KFP's `ParameterType` (`TASK_FINAL_STATUS` only for an exit task's status input). */
export type ParamType = (typeof PARAM_TYPES)[number];

export const ARTIFACT_SCHEMAS = {
  artifact: 'system.Artifact',
  dataset: 'system.Dataset',
  model: 'system.Model',
  metrics: 'system.Metrics',
  classificationMetrics: 'system.ClassificationMetrics',
  slicedClassificationMetrics: 'system.SlicedClassificationMetrics',
  html: 'system.HTML',
  markdown: 'system.Markdown',
} as const;
/** KFP artifact `schemaTitle`s. */
export type ArtifactSchema = (typeof ARTIFACT_SCHEMAS)[keyof typeof ARTIFACT_SCHEMAS];

export interface ParamOptions<T> {
  default?: T;
  description?: string;
  /** May be left out without a default (the run function then receives `undefined`). */
  optional?: boolean;
}

/**
 * A parameter port. `T` is the TypeScript value type; `Omittable` is true when a caller may
 * leave the input out (it has a default or is optional).
 */
export interface ParamPort<
  K extends ParamType = ParamType,
  T = unknown,
  Omittable extends boolean = boolean,
  Defaulted extends boolean = boolean,
> {
  readonly kind: 'param';
  readonly type: K;
  readonly default?: T;
  readonly description?: string;
  readonly optional: boolean;
  /** Type-level only. */
  readonly __value?: T;
  readonly __omittable?: Omittable;
  readonly __defaulted?: Defaulted;
}

export interface ArtifactOptions {
  description?: string;
  optional?: boolean;
  /** A list of artifacts (KFP `isArtifactList`), e.g. collected from a loop. */
  list?: boolean;
}

/** An artifact port of KFP schema `S`. */
export interface ArtifactPort<
  S extends ArtifactSchema = ArtifactSchema,
  Omittable extends boolean = boolean,
  List extends boolean = boolean,
> {
  readonly kind: 'artifact';
  readonly schemaTitle: S;
  readonly description?: string;
  readonly optional: boolean;
  readonly list: List;
  readonly __omittable?: Omittable;
}

export type Port = ParamPort | ArtifactPort;
export type Ports = Record<string, Port>;

function makeParam<K extends ParamType>(type: K, options: ParamOptions<unknown> = {}): ParamPort<K> {
  const port: { -readonly [P in keyof ParamPort<K>]: ParamPort<K>[P] } = {
    kind: 'param',
    type,
    optional: options.optional === true || options.default !== undefined,
  };
  if (options.default !== undefined) port.default = options.default;
  if (options.description !== undefined) port.description = options.description;
  return Object.freeze(port);
}

interface ParamFactory<K extends ParamType, T> {
  (options: ParamOptions<T> & { default: T }): ParamPort<K, T, true, true>;
  (options: ParamOptions<T> & { optional: true }): ParamPort<K, T, true, false>;
  (options?: ParamOptions<T>): ParamPort<K, T, false, false>;
}

interface GenericParamFactory<K extends ParamType, Base> {
  <T extends Base = Base>(options: ParamOptions<T> & { default: T }): ParamPort<K, T, true, true>;
  <T extends Base = Base>(options: ParamOptions<T> & { optional: true }): ParamPort<K, T, true, false>;
  <T extends Base = Base>(options?: ParamOptions<T>): ParamPort<K, T, false, false>;
}

interface ListParamFactory {
  <E extends JsonValue = JsonValue>(
    options: ParamOptions<readonly E[]> & { default: readonly E[] },
  ): ParamPort<'LIST', E[], true, true>;
  <E extends JsonValue = JsonValue>(
    options: ParamOptions<readonly E[]> & { optional: true },
  ): ParamPort<'LIST', E[], true, false>;
  <E extends JsonValue = JsonValue>(
    options?: ParamOptions<readonly E[]>,
  ): ParamPort<'LIST', E[], false, false>;
}

const factory = <K extends ParamType>(type: K) =>
  ((options?: ParamOptions<unknown>) => makeParam(type, options)) as never;

/**
 * Parameter ports.
 *
 * @example
 * ```ts
 * const inputs = { epochs: param.integer({ default: 5 }), lr: param.number(), tags: param.list<string>() };
 * ```
 */
export const param: {
  string: ParamFactory<'STRING', string>;
  number: ParamFactory<'NUMBER_DOUBLE', number>;
  integer: ParamFactory<'NUMBER_INTEGER', number>;
  boolean: ParamFactory<'BOOLEAN', boolean>;
  /** A list; the type argument is the element type: `param.list<string>()`. */
  list: ListParamFactory;
  struct: GenericParamFactory<'STRUCT', { readonly [key: string]: JsonValue }>;
  /** The final status of the guarded tasks, for an exit handler's exit task. */
  taskFinalStatus: (options?: {
    description?: string;
  }) => ParamPort<'TASK_FINAL_STATUS', TaskFinalStatus, false, false>;
} = {
  string: factory('STRING'),
  number: factory('NUMBER_DOUBLE'),
  integer: factory('NUMBER_INTEGER'),
  boolean: factory('BOOLEAN'),
  list: factory('LIST'),
  struct: factory('STRUCT'),
  taskFinalStatus: factory('TASK_FINAL_STATUS'),
};

/** What an exit task receives as the guarded tasks' final status (KFP `PipelineTaskFinalStatus`). */
export interface TaskFinalStatus {
  state: 'SUCCEEDED' | 'FAILED' | 'CANCELED' | string;
  pipelineJobResourceName: string;
  pipelineTaskName: string;
  error?: { code?: number; message?: string };
}

interface ArtifactFactory<S extends ArtifactSchema> {
  (options: ArtifactOptions & { optional: true; list: true }): ArtifactPort<S, true, true>;
  (options: ArtifactOptions & { optional: true }): ArtifactPort<S, true, false>;
  (options: ArtifactOptions & { list: true }): ArtifactPort<S, false, true>;
  (options?: ArtifactOptions): ArtifactPort<S, false, false>;
}

const artifactFactory = <S extends ArtifactSchema>(schemaTitle: S): ArtifactFactory<S> =>
  ((options: ArtifactOptions = {}) => {
    const port: { -readonly [P in keyof ArtifactPort<S>]: ArtifactPort<S>[P] } = {
      kind: 'artifact',
      schemaTitle,
      optional: options.optional === true,
      list: options.list === true,
    };
    if (options.description !== undefined) port.description = options.description;
    return Object.freeze(port);
  }) as ArtifactFactory<S>;

/**
 * Artifact ports, one per KFP system type.
 *
 * @example
 * ```ts
 * const outputs = { model: artifact.model(), metrics: artifact.metrics(), report: artifact.html() };
 * ```
 */
export const artifact = {
  artifact: artifactFactory(ARTIFACT_SCHEMAS.artifact),
  dataset: artifactFactory(ARTIFACT_SCHEMAS.dataset),
  model: artifactFactory(ARTIFACT_SCHEMAS.model),
  metrics: artifactFactory(ARTIFACT_SCHEMAS.metrics),
  classificationMetrics: artifactFactory(ARTIFACT_SCHEMAS.classificationMetrics),
  slicedClassificationMetrics: artifactFactory(ARTIFACT_SCHEMAS.slicedClassificationMetrics),
  html: artifactFactory(ARTIFACT_SCHEMAS.html),
  markdown: artifactFactory(ARTIFACT_SCHEMAS.markdown),
} as const;

/** True for parameter ports. */
export function isParamPort(port: Port): port is ParamPort {
  return port.kind === 'param';
}

/** The JavaScript `typeof`-level check of a literal against a parameter type. */
export function literalMatches(type: ParamType, value: unknown): boolean {
  switch (type) {
    case 'STRING':
      return typeof value === 'string';
    case 'NUMBER_DOUBLE':
      return typeof value === 'number' && Number.isFinite(value);
    case 'NUMBER_INTEGER':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'LIST':
      return Array.isArray(value);
    case 'STRUCT':
    case 'TASK_FINAL_STATUS':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
}
