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

// ---------------------------------------------------------------------------------------------
// Deployment config (executors)
// ---------------------------------------------------------------------------------------------

/** `PipelineDeploymentConfig`: the shape of `PipelineSpec.deploymentSpec`. */
export interface PipelineDeploymentConfig {
  executors?: Record<string, ExecutorSpec>;
}

/** `PipelineDeploymentConfig.ExecutorSpec`: oneof `spec`. */
export interface ExecutorSpec {
  container?: PipelineContainerSpec;
  importer?: ImporterSpec;
  resolver?: ResolverSpec;
  /** @deprecated Google Cloud AI Platform CustomJob. */
  customJob?: { customJob?: JsonObject };
}

/** `PipelineDeploymentConfig.PipelineContainerSpec`. Strings may hold `{{$...}}` placeholders. */
export interface PipelineContainerSpec {
  image?: string;
  command?: string[];
  args?: string[];
  lifecycle?: ContainerLifecycle;
  resources?: ResourceSpec;
  env?: EnvVar[];
}

/** `PipelineContainerSpec.Lifecycle`. */
export interface ContainerLifecycle {
  preCacheCheck?: { command?: string[]; args?: string[] };
}

/** `PipelineContainerSpec.ResourceSpec`. Use the `resource*` string fields. */
export interface ResourceSpec {
  /** @deprecated use `resourceCpuLimit`. */
  cpuLimit?: number;
  /** @deprecated use `resourceMemoryLimit`. */
  memoryLimit?: number;
  /** @deprecated use `resourceCpuRequest`. */
  cpuRequest?: number;
  /** @deprecated use `resourceMemoryRequest`. */
  memoryRequest?: number;
  /** E.g. `"500m"`, `"2"`. */
  resourceCpuLimit?: string;
  /** E.g. `"1G"`, `"512Mi"`. */
  resourceMemoryLimit?: string;
  resourceCpuRequest?: string;
  resourceMemoryRequest?: string;
  accelerator?: AcceleratorConfig;
}

/** `ResourceSpec.AcceleratorConfig`. */
export interface AcceleratorConfig {
  /** @deprecated use `resourceType`. */
  type?: string;
  /** @deprecated use `resourceCount`. */
  count?: number | string;
  /** E.g. `nvidia.com/gpu`. */
  resourceType?: string;
  resourceCount?: string;
}

/** `PipelineContainerSpec.EnvVar`. */
export interface EnvVar {
  name?: string;
  value?: string;
}

/** `PipelineDeploymentConfig.ImporterSpec`. */
export interface ImporterSpec {
  artifactUri?: ValueOrRuntimeParameter;
  typeSchema?: ArtifactTypeSchema;
  /** @deprecated use `metadata`. */
  properties?: Record<string, ValueOrRuntimeParameter>;
  /** @deprecated use `metadata`. */
  customProperties?: Record<string, ValueOrRuntimeParameter>;
  reimport?: boolean;
  metadata?: JsonObject;
  downloadToWorkspace?: boolean;
}

/** `PipelineDeploymentConfig.ResolverSpec`. */
export interface ResolverSpec {
  outputArtifactQueries?: Record<string, { filter?: string; limit?: number }>;
}

// ---------------------------------------------------------------------------------------------
// Platform spec (second YAML document)
// ---------------------------------------------------------------------------------------------

/** `PlatformSpec`: the optional second document (`{platforms: {kubernetes: ...}}`). */
export interface PlatformSpec {
  platforms?: Record<string, SinglePlatformSpec>;
}

/** `SinglePlatformSpec`. Note the proto spells `pipelineConfig` in camelCase itself. */
export interface SinglePlatformSpec {
  deploymentSpec?: PlatformDeploymentConfig;
  platform?: string;
  config?: JsonObject;
  pipelineConfig?: PipelineConfig;
}

/** `PlatformDeploymentConfig`: executor label → platform-specific Struct. */
export interface PlatformDeploymentConfig {
  executors?: Record<string, JsonObject>;
}

/** `PipelineConfig`. */
export interface PipelineConfig {
  resourceTtlOnCompletion?: number;
  workspace?: WorkspaceConfig;
  resourceTtlOnSuccess?: number;
  resourceTtlOnFailure?: number;
  activeDeadlineSeconds?: number;
}

/** `WorkspaceConfig`. */
export interface WorkspaceConfig {
  size?: string;
  kubernetes?: { pvcSpecPatch?: JsonObject };
}

/** A parsed pipeline file: the spec and, when present, its platform spec. */
export interface PipelineDocument {
  spec: PipelineSpec;
  platformSpec?: PlatformSpec;
}

// ---------------------------------------------------------------------------------------------
// Executor contract
// ---------------------------------------------------------------------------------------------

/** `RuntimeArtifact`. */
export interface RuntimeArtifact {
  name?: string;
  type?: ArtifactTypeSchema;
  uri?: string;
  /** @deprecated use `metadata`. */
  properties?: Record<string, LegacyValue>;
  /** @deprecated use `metadata`. */
  customProperties?: Record<string, LegacyValue>;
  metadata?: JsonObject;
  /** Custom local path for an output artifact. */
  customPath?: string;
}

/** `ArtifactList`. */
export interface ArtifactList {
  artifacts?: RuntimeArtifact[];
}

/** `ExecutorInput`: what `{{$}}` expands to. */
export interface ExecutorInput {
  inputs?: ExecutorInputs;
  outputs?: ExecutorOutputs;
}

/** `ExecutorInput.Inputs`. */
export interface ExecutorInputs {
  /** @deprecated use `parameterValues`. */
  parameters?: Record<string, LegacyValue>;
  artifacts?: Record<string, ArtifactList>;
  parameterValues?: Record<string, JsonValue>;
}

/** `ExecutorInput.Outputs`. */
export interface ExecutorOutputs {
  parameters?: Record<string, { outputFile?: string }>;
  artifacts?: Record<string, ArtifactList>;
  /** Where the executor may write an {@link ExecutorOutput} JSON. */
  outputFile?: string;
}

/** `ExecutorOutput`: what a component may write to `outputs.outputFile`. */
export interface ExecutorOutput {
  /** @deprecated use `parameterValues`. */
  parameters?: Record<string, LegacyValue>;
  artifacts?: Record<string, ArtifactList>;
  parameterValues?: Record<string, JsonValue>;
}

/** `PipelineTaskFinalStatus`: the value of a `TASK_FINAL_STATUS` input. */
export interface PipelineTaskFinalStatus {
  state?: string;
  /** `google.rpc.Status`. */
  error?: { code?: number; message?: string; details?: JsonObject[] };
  /** @deprecated */
  pipelineJobUuid?: number | string;
  /** @deprecated */
  pipelineJobName?: string;
  pipelineJobResourceName?: string;
  pipelineTaskName?: string;
}
