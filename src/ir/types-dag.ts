/**
 * KFP v2 IR types, part 2: the DAG of tasks (`DagSpec`, `PipelineTaskSpec` and what a task reads).
 * Same source and conventions as `types.ts`, which re-exports everything here.
 */
import type { JsonValue, TriggerStrategy } from './types.js';

// ---------------------------------------------------------------------------------------------
// DAG
// ---------------------------------------------------------------------------------------------

/** `DagSpec`. */
export interface DagSpec {
  /** Keyed by task id. */
  tasks?: Record<string, PipelineTaskSpec>;
  outputs?: DagOutputsSpec;
}

/** `DagOutputsSpec`. */
export interface DagOutputsSpec {
  artifacts?: Record<string, DagOutputArtifactSpec>;
  parameters?: Record<string, DagOutputParameterSpec>;
}

/** `DagOutputsSpec.ArtifactSelectorSpec`. */
export interface ArtifactSelectorSpec {
  producerSubtask?: string;
  outputArtifactKey?: string;
}

/** `DagOutputsSpec.DagOutputArtifactSpec`. */
export interface DagOutputArtifactSpec {
  artifactSelectors?: ArtifactSelectorSpec[];
}

/** `DagOutputsSpec.ParameterSelectorSpec`. */
export interface ParameterSelectorSpec {
  producerSubtask?: string;
  outputParameterKey?: string;
}

/** `DagOutputsSpec.ParameterSelectorsSpec`. */
export interface ParameterSelectorsSpec {
  parameterSelectors?: ParameterSelectorSpec[];
}

/** `DagOutputsSpec.DagOutputParameterSpec`: oneof `kind`. */
export interface DagOutputParameterSpec {
  valueFromParameter?: ParameterSelectorSpec;
  valueFromOneof?: ParameterSelectorsSpec;
}

/** `PipelineTaskSpec`: one task of a DAG. Oneof `iterator` = `artifactIterator` | `parameterIterator`. */
export interface PipelineTaskSpec {
  taskInfo?: PipelineTaskInfo;
  inputs?: TaskInputsSpec;
  /** Upstream task ids (the SDK lists all of them, data producers included). */
  dependentTasks?: string[];
  cachingOptions?: CachingOptions;
  componentRef?: ComponentRef;
  triggerPolicy?: TriggerPolicy;
  artifactIterator?: ArtifactIteratorSpec;
  parameterIterator?: ParameterIteratorSpec;
  /** Component tasks only. */
  retryPolicy?: RetryPolicy;
  iteratorPolicy?: IteratorPolicy;
}

/** `PipelineTaskInfo`. */
export interface PipelineTaskInfo {
  /** Display name; may differ from the task id. */
  name?: string;
}

/** `PipelineTaskSpec.CachingOptions`. `{}` means caching disabled. */
export interface CachingOptions {
  enableCache?: boolean;
  cacheKey?: string;
}

/** `ComponentRef`. */
export interface ComponentRef {
  /** Key of `PipelineSpec.components`. */
  name?: string;
}

/** `PipelineTaskSpec.TriggerPolicy`. */
export interface TriggerPolicy {
  /** A CEL expression, e.g. `inputs.parameter_values['pipelinechannel--x'] == 'heads'`. */
  condition?: string;
  strategy?: TriggerStrategy;
}

/** `PipelineTaskSpec.RetryPolicy`. Durations are protobuf JSON strings such as `"0s"`. */
export interface RetryPolicy {
  maxRetryCount?: number;
  backoffDuration?: string;
  backoffFactor?: number;
  backoffMaxDuration?: string;
}

/** `PipelineTaskSpec.IteratorPolicy`. */
export interface IteratorPolicy {
  /** 0 = unlimited. */
  parallelismLimit?: number;
}

/** `ArtifactIteratorSpec`. */
export interface ArtifactIteratorSpec {
  items?: { inputArtifact?: string };
  itemInput?: string;
}

/** `ParameterIteratorSpec.ItemsSpec`: oneof `kind` = `raw` | `inputParameter`. */
export interface ParameterIteratorItems {
  /** A JSON array as a string, e.g. `'[1, 2]'`. */
  raw?: string;
  /** Name of an input parameter of the task holding the list. */
  inputParameter?: string;
}

/** `ParameterIteratorSpec`. */
export interface ParameterIteratorSpec {
  items?: ParameterIteratorItems;
  itemInput?: string;
}

/** `TaskInputsSpec`. */
export interface TaskInputsSpec {
  parameters?: Record<string, InputParameterSpec>;
  artifacts?: Record<string, InputArtifactSpec>;
}

/**
 * `TaskInputsSpec.InputParameterSpec`: oneof `kind` = `taskOutputParameter` | `runtimeValue` |
 * `componentInputParameter` | `taskFinalStatus`, plus an optional CEL selector.
 */
export interface InputParameterSpec {
  taskOutputParameter?: TaskOutputParameterSpec;
  runtimeValue?: ValueOrRuntimeParameter;
  /** Name of an input parameter of the enclosing component. */
  componentInputParameter?: string;
  taskFinalStatus?: { producerTask?: string };
  /** CEL, e.g. `parseJson(string_value)["A_a"]`. */
  parameterExpressionSelector?: string;
}

/** `TaskInputsSpec.InputParameterSpec.TaskOutputParameterSpec`. */
export interface TaskOutputParameterSpec {
  producerTask?: string;
  outputParameterKey?: string;
}

/** `TaskInputsSpec.InputArtifactSpec`: oneof `kind` = `taskOutputArtifact` | `componentInputArtifact`. */
export interface InputArtifactSpec {
  taskOutputArtifact?: TaskOutputArtifactSpec;
  /** Name of an input artifact of the enclosing component. */
  componentInputArtifact?: string;
}

/** `TaskInputsSpec.InputArtifactSpec.TaskOutputArtifactSpec`. */
export interface TaskOutputArtifactSpec {
  producerTask?: string;
  outputArtifactKey?: string;
}

/** `ValueOrRuntimeParameter`: oneof `value` = `constantValue` | `runtimeParameter` | `constant`. */
export interface ValueOrRuntimeParameter {
  /** @deprecated use `constant`. */
  constantValue?: LegacyValue;
  runtimeParameter?: string;
  constant?: JsonValue;
}

/** The deprecated `ml_pipelines.Value` (oneof intValue | doubleValue | stringValue). */
export interface LegacyValue {
  intValue?: number | string;
  doubleValue?: number;
  stringValue?: string;
}
