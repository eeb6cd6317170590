/**
 * TypeScript types for the Kubeflow Pipelines v2 IR (`PipelineSpec`) in its protobuf JSON form.
 *
 * Source of truth: `kubeflow/pipelines:api/v2alpha1/pipeline_spec.proto` (package
 * `ml_pipelines`, read at commit 7b70c7b95f6832772efd6fd0029a4024491a0f44). Field names are the
 * protobuf JSON names (lowerCamelCase). Every field is optional, as in proto3 JSON, except the
 * few that KFP itself requires (`pipelineInfo.name`, `root`, `schemaVersion`). Deprecated fields
 * are typed (strict protojson still accepts them) and tagged `@deprecated`: never emit them.
 *
 * `google.protobuf.Value` / `Struct` are plain JSON ({@link JsonValue} / {@link JsonObject});
 * `google.protobuf.Duration` is its JSON string form (`"3600s"`); int64 is a number or a
 * decimal string (protojson accepts both).
 */
import type { DagSpec, ValueOrRuntimeParameter } from './types-dag.js';
import type { PipelineDeploymentConfig, SinglePlatformSpec } from './types-deployment.js';

/** Any JSON value: the JSON form of `google.protobuf.Value`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: the JSON form of `google.protobuf.Struct`. */
export type JsonObject = { [key: string]: JsonValue };

/** The only PipelineSpec schema version the KFP backend accepts. */
export const SCHEMA_VERSION = '2.1.0';

/** Schema version the KFP SDK writes for its system artifact types. */
export const SYSTEM_ARTIFACT_SCHEMA_VERSION = '0.0.1';

/** Titles of the KFP system artifact types (kfp `dsl/types/artifact_types.py`). */
export const SYSTEM_ARTIFACT_TITLES = [
  'system.Artifact',
  'system.Dataset',
  'system.Model',
  'system.Metrics',
  'system.ClassificationMetrics',
  'system.SlicedClassificationMetrics',
  'system.HTML',
  'system.Markdown',
] as const;

/** One of {@link SYSTEM_ARTIFACT_TITLES}. */
export type SystemArtifactTitle = (typeof SYSTEM_ARTIFACT_TITLES)[number];

/** `ParameterType.ParameterTypeEnum` values, in proto number order (0..8). */
export const PARAMETER_TYPES = [
  'PARAMETER_TYPE_ENUM_UNSPECIFIED',
  'NUMBER_DOUBLE',
  'NUMBER_INTEGER',
  'STRING',
  'BOOLEAN',
  'LIST',
  'STRUCT',
  'TASK_FINAL_STATUS',
  'TASK_CONFIG',
] as const;

/** `ParameterType.ParameterTypeEnum`. */
export type ParameterType = (typeof PARAMETER_TYPES)[number];

/** `PrimitiveType.PrimitiveTypeEnum` (deprecated; only for reading old specs). */
export const PRIMITIVE_TYPES = ['PRIMITIVE_TYPE_UNSPECIFIED', 'INT', 'DOUBLE', 'STRING'] as const;

/** `PrimitiveType.PrimitiveTypeEnum` (deprecated). */
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];

/** `PipelineTaskSpec.TriggerPolicy.TriggerStrategy`. */
export const TRIGGER_STRATEGIES = [
  'TRIGGER_STRATEGY_UNSPECIFIED',
  'ALL_UPSTREAM_TASKS_SUCCEEDED',
  'ALL_UPSTREAM_TASKS_COMPLETED',
] as const;

/** `PipelineTaskSpec.TriggerPolicy.TriggerStrategy`. */
export type TriggerStrategy = (typeof TRIGGER_STRATEGIES)[number];

/** `TaskConfigPassthroughType.TaskConfigPassthroughTypeEnum`. */
export const TASK_CONFIG_PASSTHROUGH_TYPES = [
  'NONE',
  'RESOURCES',
  'ENV',
  'KUBERNETES_AFFINITY',
  'KUBERNETES_TOLERATIONS',
  'KUBERNETES_NODE_SELECTOR',
  'KUBERNETES_VOLUMES',
] as const;

/** `TaskConfigPassthroughType.TaskConfigPassthroughTypeEnum`. */
export type TaskConfigPassthroughType = (typeof TASK_CONFIG_PASSTHROUGH_TYPES)[number];

/** `PipelineStateEnum.PipelineTaskState` (the `state` of a {@link PipelineTaskFinalStatus}). */
export const PIPELINE_TASK_STATES = [
  'TASK_STATE_UNSPECIFIED',
  'PENDING',
  'RUNNING_DRIVER',
  'DRIVER_SUCCEEDED',
  'RUNNING_EXECUTOR',
  'SUCCEEDED',
  'CANCEL_PENDING',
  'CANCELLING',
  'CANCELLED',
  'FAILED',
  'SKIPPED',
  'QUEUED',
  'NOT_TRIGGERED',
  'UNSCHEDULABLE',
] as const;

/** `PipelineStateEnum.PipelineTaskState`. */
export type PipelineTaskState = (typeof PIPELINE_TASK_STATES)[number];

// ---------------------------------------------------------------------------------------------
// Pipeline, components
// ---------------------------------------------------------------------------------------------

/** `PipelineSpec`: the first (or only) document of a compiled pipeline file. */
export interface PipelineSpec {
  pipelineInfo: PipelineInfo;
  /** `google.protobuf.Struct` in the proto; in practice a {@link PipelineDeploymentConfig}. */
  deploymentSpec?: PipelineDeploymentConfig;
  /** Free text, e.g. `kfp-2.14.3`; the backend does not check it. */
  sdkVersion?: string;
  /** Must be exactly {@link SCHEMA_VERSION}. */
  schemaVersion: string;
  /** Keyed `comp-<name>` by SDK convention. */
  components?: Record<string, ComponentSpec>;
  /** The pipeline's own DAG component. Required. */
  root: ComponentSpec;
  /** E.g. `minio://mlpipeline/v2/artifacts`. */
  defaultPipelineRoot?: string;
}

/** `PipelineInfo`. */
export interface PipelineInfo {
  /** Required; KFP matches it against a DNS-1123-like regex (lowercase, dashes, dots). */
  name: string;
  displayName?: string;
  description?: string;
}

/** `ComponentSpec`: oneof `implementation` = `dag` | `executorLabel`. */
export interface ComponentSpec {
  inputDefinitions?: ComponentInputsSpec;
  outputDefinitions?: ComponentOutputsSpec;
  dag?: DagSpec;
  /** Key into `deploymentSpec.executors` (SDK: `exec-<name>`). */
  executorLabel?: string;
  singlePlatformSpecs?: SinglePlatformSpec[];
  taskConfigPassthroughs?: TaskConfigPassthrough[];
}

/** `TaskConfigPassthrough`. */
export interface TaskConfigPassthrough {
  field?: TaskConfigPassthroughType;
  applyToTask?: boolean;
}

/** `ComponentInputsSpec`. */
export interface ComponentInputsSpec {
  artifacts?: Record<string, InputArtifactDefinition>;
  parameters?: Record<string, InputParameterDefinition>;
}

/** `ComponentOutputsSpec`. */
export interface ComponentOutputsSpec {
  artifacts?: Record<string, OutputArtifactDefinition>;
  parameters?: Record<string, OutputParameterDefinition>;
}

/** `ComponentInputsSpec.ArtifactSpec`. */
export interface InputArtifactDefinition {
  artifactType?: ArtifactTypeSchema;
  isArtifactList?: boolean;
  isOptional?: boolean;
  description?: string;
}

/** `ComponentInputsSpec.ParameterSpec`. */
export interface InputParameterDefinition {
  /** @deprecated use `parameterType`. */
  type?: PrimitiveType;
  parameterType?: ParameterType;
  defaultValue?: JsonValue;
  isOptional?: boolean;
  description?: string;
  /** Allowed values (`repeated google.protobuf.Value`). */
  literals?: JsonValue[];
}

/** `ComponentOutputsSpec.ArtifactSpec`. */
export interface OutputArtifactDefinition {
  artifactType?: ArtifactTypeSchema;
  /** @deprecated use `metadata`. */
  properties?: Record<string, ValueOrRuntimeParameter>;
  /** @deprecated use `metadata`. */
  customProperties?: Record<string, ValueOrRuntimeParameter>;
  metadata?: JsonObject;
  isArtifactList?: boolean;
  description?: string;
}

/** `ComponentOutputsSpec.ParameterSpec`. */
export interface OutputParameterDefinition {
  /** @deprecated use `parameterType`. */
  type?: PrimitiveType;
  parameterType?: ParameterType;
  description?: string;
}

/** Proto-style aliases (both `ComponentInputsSpec.ParameterSpec` and the outputs one). */
export type ParameterSpec = InputParameterDefinition | OutputParameterDefinition;
/** Proto-style alias for an input or output artifact definition. */
export type ArtifactSpec = InputArtifactDefinition | OutputArtifactDefinition;

/** `ArtifactTypeSchema`: oneof `kind` = `schemaTitle` | `schemaUri` | `instanceSchema`. */
export interface ArtifactTypeSchema {
  /** `<namespace>.<title>`, e.g. `system.Model`. */
  schemaTitle?: string;
  /** @deprecated */
  schemaUri?: string;
  instanceSchema?: string;
  schemaVersion?: string;
}

export * from './types-dag.js';
export * from './types-deployment.js';
