/**
 * KFP v2 IR types, part 3: deployment config (executors), the platform spec (second YAML
 * document) and the executor contract. Same source and conventions as `types.ts`, which
 * re-exports everything here.
 */
import type { ArtifactTypeSchema, JsonObject, JsonValue, PipelineSpec } from './types.js';
import type { LegacyValue, ValueOrRuntimeParameter } from './types-dag.js';

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
