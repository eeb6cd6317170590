/**
 * The declarative field table of `pipeline_spec.proto`: for every message, its JSON field names,
 * the kind of each field and its oneof groups. The strict validator ({@link validateMessage}),
 * the proto-name normaliser and the SDK-style YAML writer are all driven by this one table, so
 * supporting a new proto field is a one-line change here.
 *
 * Source: `kubeflow/pipelines:api/v2alpha1/pipeline_spec.proto` at commit 7b70c7b9.
 */
import { KiteError } from '../core/index.js';
import {
  PARAMETER_TYPES,
  PIPELINE_TASK_STATES,
  PRIMITIVE_TYPES,
  TASK_CONFIG_PASSTHROUGH_TYPES,
  TRIGGER_STRATEGIES,
} from './types.js';

/** The kind of one proto field, as protobuf JSON sees it. */
export type FieldKind =
  | { readonly t: 'string' | 'bool' | 'int32' | 'int64' | 'double' | 'duration' | 'value' | 'struct' }
  | { readonly t: 'enum'; readonly values: readonly string[] }
  | { readonly t: 'message'; readonly of: string }
  | { readonly t: 'map'; readonly of: FieldKind }
  | { readonly t: 'list'; readonly of: FieldKind };

/** One field of a message. */
export interface FieldDef {
  readonly kind: FieldKind;
  /** Deprecated in the proto: still accepted, never emitted by Kite. */
  readonly deprecated?: boolean;
  /** The proto (snake_case) name when it is not derivable from the JSON name. */
  readonly protoName?: string;
}

/** One message: its fields keyed by JSON name, and its oneof groups. */
export interface MessageDef {
  readonly fields: Readonly<Record<string, FieldDef>>;
  readonly oneofs?: readonly (readonly string[])[];
}

const str = { kind: { t: 'string' } } as const;
const bool = { kind: { t: 'bool' } } as const;
const int32 = { kind: { t: 'int32' } } as const;
const int64 = { kind: { t: 'int64' } } as const;
const double = { kind: { t: 'double' } } as const;
const duration = { kind: { t: 'duration' } } as const;
const value = { kind: { t: 'value' } } as const;
const struct = { kind: { t: 'struct' } } as const;
const strList = { kind: { t: 'list', of: { t: 'string' } } } as const;
const msg = (of: string): FieldDef => ({ kind: { t: 'message', of } });
const mapOf = (of: string): FieldDef => ({ kind: { t: 'map', of: { t: 'message', of } } });
const listOf = (of: string): FieldDef => ({ kind: { t: 'list', of: { t: 'message', of } } });
const enumOf = (values: readonly string[]): FieldDef => ({ kind: { t: 'enum', values } });
const old = (def: FieldDef): FieldDef => ({ ...def, deprecated: true });

/** Every message Kite knows, keyed by a short name (nested messages are `Outer.Inner`). */
export const MESSAGES = {
  PipelineSpec: {
    fields: {
      pipelineInfo: msg('PipelineInfo'),
      // google.protobuf.Struct in the proto; the driver parses it as PipelineDeploymentConfig.
      deploymentSpec: msg('PipelineDeploymentConfig'),
      sdkVersion: str,
      schemaVersion: str,
      components: mapOf('ComponentSpec'),
      root: msg('ComponentSpec'),
      defaultPipelineRoot: str,
    },
  },
  PipelineInfo: { fields: { name: str, displayName: str, description: str } },
  ComponentSpec: {
    fields: {
      inputDefinitions: msg('ComponentInputsSpec'),
      outputDefinitions: msg('ComponentOutputsSpec'),
      dag: msg('DagSpec'),
      executorLabel: str,
      singlePlatformSpecs: listOf('SinglePlatformSpec'),
      taskConfigPassthroughs: listOf('TaskConfigPassthrough'),
    },
    oneofs: [['dag', 'executorLabel']],
  },
  TaskConfigPassthrough: {
    fields: { field: enumOf(TASK_CONFIG_PASSTHROUGH_TYPES), applyToTask: bool },
  },
  DagSpec: { fields: { tasks: mapOf('PipelineTaskSpec'), outputs: msg('DagOutputsSpec') } },
  DagOutputsSpec: {
    fields: {
      artifacts: mapOf('DagOutputsSpec.DagOutputArtifactSpec'),
      parameters: mapOf('DagOutputsSpec.DagOutputParameterSpec'),
    },
  },
  'DagOutputsSpec.ArtifactSelectorSpec': { fields: { producerSubtask: str, outputArtifactKey: str } },
  'DagOutputsSpec.DagOutputArtifactSpec': {
    fields: { artifactSelectors: listOf('DagOutputsSpec.ArtifactSelectorSpec') },
  },
  'DagOutputsSpec.ParameterSelectorSpec': { fields: { producerSubtask: str, outputParameterKey: str } },
  'DagOutputsSpec.ParameterSelectorsSpec': {
    fields: { parameterSelectors: listOf('DagOutputsSpec.ParameterSelectorSpec') },
  },
  'DagOutputsSpec.DagOutputParameterSpec': {
    fields: {
      valueFromParameter: msg('DagOutputsSpec.ParameterSelectorSpec'),
      valueFromOneof: msg('DagOutputsSpec.ParameterSelectorsSpec'),
    },
    oneofs: [['valueFromParameter', 'valueFromOneof']],
  },
  ComponentInputsSpec: {
    fields: {
      artifacts: mapOf('ComponentInputsSpec.ArtifactSpec'),
      parameters: mapOf('ComponentInputsSpec.ParameterSpec'),
    },
  },
  'ComponentInputsSpec.ArtifactSpec': {
    fields: {
      artifactType: msg('ArtifactTypeSchema'),
      isArtifactList: bool,
      isOptional: bool,
      description: str,
    },
  },
  'ComponentInputsSpec.ParameterSpec': {
    fields: {
      type: old(enumOf(PRIMITIVE_TYPES)),
      parameterType: enumOf(PARAMETER_TYPES),
      defaultValue: value,
      isOptional: bool,
      description: str,
      literals: { kind: { t: 'list', of: { t: 'value' } } },
    },
  },
  ComponentOutputsSpec: {
    fields: {
      artifacts: mapOf('ComponentOutputsSpec.ArtifactSpec'),
      parameters: mapOf('ComponentOutputsSpec.ParameterSpec'),
    },
  },
  'ComponentOutputsSpec.ArtifactSpec': {
    fields: {
      artifactType: msg('ArtifactTypeSchema'),
      properties: old(mapOf('ValueOrRuntimeParameter')),
      customProperties: old(mapOf('ValueOrRuntimeParameter')),
      metadata: struct,
      isArtifactList: bool,
      description: str,
    },
  },
  'ComponentOutputsSpec.ParameterSpec': {
    fields: { type: old(enumOf(PRIMITIVE_TYPES)), parameterType: enumOf(PARAMETER_TYPES), description: str },
  },
  TaskInputsSpec: {
    fields: {
      parameters: mapOf('TaskInputsSpec.InputParameterSpec'),
      artifacts: mapOf('TaskInputsSpec.InputArtifactSpec'),
    },
  },
  'TaskInputsSpec.InputArtifactSpec': {
    fields: { taskOutputArtifact: msg('TaskInputsSpec.TaskOutputArtifactSpec'), componentInputArtifact: str },
    oneofs: [['taskOutputArtifact', 'componentInputArtifact']],
  },
  'TaskInputsSpec.TaskOutputArtifactSpec': { fields: { producerTask: str, outputArtifactKey: str } },
  'TaskInputsSpec.InputParameterSpec': {
    fields: {
      taskOutputParameter: msg('TaskInputsSpec.TaskOutputParameterSpec'),
      runtimeValue: msg('ValueOrRuntimeParameter'),
      componentInputParameter: str,
      taskFinalStatus: msg('TaskInputsSpec.TaskFinalStatus'),
      parameterExpressionSelector: str,
    },
    oneofs: [['taskOutputParameter', 'runtimeValue', 'componentInputParameter', 'taskFinalStatus']],
  },
  'TaskInputsSpec.TaskOutputParameterSpec': { fields: { producerTask: str, outputParameterKey: str } },
  'TaskInputsSpec.TaskFinalStatus': { fields: { producerTask: str } },
  PipelineTaskSpec: {
    fields: {
      taskInfo: msg('PipelineTaskInfo'),
      inputs: msg('TaskInputsSpec'),
      dependentTasks: strList,
      cachingOptions: msg('PipelineTaskSpec.CachingOptions'),
      componentRef: msg('ComponentRef'),
      triggerPolicy: msg('PipelineTaskSpec.TriggerPolicy'),
      artifactIterator: msg('ArtifactIteratorSpec'),
      parameterIterator: msg('ParameterIteratorSpec'),
      retryPolicy: msg('PipelineTaskSpec.RetryPolicy'),
      iteratorPolicy: msg('PipelineTaskSpec.IteratorPolicy'),
    },
    oneofs: [['artifactIterator', 'parameterIterator']],
  },
  'PipelineTaskSpec.CachingOptions': { fields: { enableCache: bool, cacheKey: str } },
  'PipelineTaskSpec.TriggerPolicy': { fields: { condition: str, strategy: enumOf(TRIGGER_STRATEGIES) } },
  'PipelineTaskSpec.RetryPolicy': {
    fields: {
      maxRetryCount: int32,
      backoffDuration: duration,
      backoffFactor: double,
      backoffMaxDuration: duration,
    },
  },
  'PipelineTaskSpec.IteratorPolicy': { fields: { parallelismLimit: int32 } },
  ArtifactIteratorSpec: { fields: { items: msg('ArtifactIteratorSpec.ItemsSpec'), itemInput: str } },
  'ArtifactIteratorSpec.ItemsSpec': { fields: { inputArtifact: str } },
  ParameterIteratorSpec: { fields: { items: msg('ParameterIteratorSpec.ItemsSpec'), itemInput: str } },
  'ParameterIteratorSpec.ItemsSpec': {
    fields: { raw: str, inputParameter: str },
    oneofs: [['raw', 'inputParameter']],
  },
  ComponentRef: { fields: { name: str } },
  PipelineTaskInfo: { fields: { name: str } },
  ArtifactTypeSchema: {
    fields: { schemaTitle: str, schemaUri: old(str), instanceSchema: str, schemaVersion: str },
    oneofs: [['schemaTitle', 'schemaUri', 'instanceSchema']],
  },
  ValueOrRuntimeParameter: {
    fields: { constantValue: old(msg('Value')), runtimeParameter: str, constant: value },
    oneofs: [['constantValue', 'runtimeParameter', 'constant']],
  },
  Value: {
    fields: { intValue: int64, doubleValue: double, stringValue: str },
    oneofs: [['intValue', 'doubleValue', 'stringValue']],
  },
  PipelineDeploymentConfig: { fields: { executors: mapOf('PipelineDeploymentConfig.ExecutorSpec') } },
  'PipelineDeploymentConfig.ExecutorSpec': {
    fields: {
      container: msg('PipelineDeploymentConfig.PipelineContainerSpec'),
      importer: msg('PipelineDeploymentConfig.ImporterSpec'),
      resolver: msg('PipelineDeploymentConfig.ResolverSpec'),
      customJob: old(msg('PipelineDeploymentConfig.AIPlatformCustomJobSpec')),
    },
    oneofs: [['container', 'importer', 'resolver', 'customJob']],
  },
  'PipelineDeploymentConfig.PipelineContainerSpec': {
    fields: {
      image: str,
      command: strList,
      args: strList,
      lifecycle: msg('PipelineDeploymentConfig.Lifecycle'),
      resources: msg('PipelineDeploymentConfig.ResourceSpec'),
      env: listOf('PipelineDeploymentConfig.EnvVar'),
    },
  },
  'PipelineDeploymentConfig.Lifecycle': {
    fields: { preCacheCheck: msg('PipelineDeploymentConfig.Lifecycle.Exec') },
  },
  'PipelineDeploymentConfig.Lifecycle.Exec': { fields: { command: strList, args: strList } },
  'PipelineDeploymentConfig.ResourceSpec': {
    fields: {
      cpuLimit: old(double),
      memoryLimit: old(double),
      cpuRequest: old(double),
      memoryRequest: old(double),
      resourceCpuLimit: str,
      resourceMemoryLimit: str,
      resourceCpuRequest: str,
      resourceMemoryRequest: str,
      accelerator: msg('PipelineDeploymentConfig.AcceleratorConfig'),
    },
  },
  'PipelineDeploymentConfig.AcceleratorConfig': {
    fields: { type: old(str), count: old(int64), resourceType: str, resourceCount: str },
  },
  'PipelineDeploymentConfig.EnvVar': { fields: { name: str, value: str } },
  'PipelineDeploymentConfig.ImporterSpec': {
    fields: {
      artifactUri: msg('ValueOrRuntimeParameter'),
      typeSchema: msg('ArtifactTypeSchema'),
      properties: old(mapOf('ValueOrRuntimeParameter')),
      customProperties: old(mapOf('ValueOrRuntimeParameter')),
      reimport: bool,
      metadata: struct,
      downloadToWorkspace: bool,
    },
  },
  'PipelineDeploymentConfig.ResolverSpec': {
    fields: { outputArtifactQueries: mapOf('PipelineDeploymentConfig.ArtifactQuerySpec') },
  },
  'PipelineDeploymentConfig.ArtifactQuerySpec': { fields: { filter: str, limit: int32 } },
  'PipelineDeploymentConfig.AIPlatformCustomJobSpec': { fields: { customJob: struct } },
  PlatformSpec: { fields: { platforms: mapOf('SinglePlatformSpec') } },
  SinglePlatformSpec: {
    fields: {
      deploymentSpec: msg('PlatformDeploymentConfig'),
      platform: str,
      config: struct,
      // The proto itself spells this field in camelCase, so there is no snake_case alias.
      pipelineConfig: { ...msg('PipelineConfig'), protoName: 'pipelineConfig' },
    },
  },
  PlatformDeploymentConfig: { fields: { executors: { kind: { t: 'map', of: { t: 'struct' } } } } },
  PipelineConfig: {
    fields: {
      resourceTtlOnCompletion: int32,
      workspace: msg('WorkspaceConfig'),
      resourceTtlOnSuccess: int32,
      resourceTtlOnFailure: int32,
      activeDeadlineSeconds: int32,
    },
  },
  WorkspaceConfig: { fields: { size: str, kubernetes: msg('KubernetesWorkspaceConfig') } },
  KubernetesWorkspaceConfig: { fields: { pvcSpecPatch: struct } },
  RuntimeArtifact: {
    fields: {
      name: str,
      type: msg('ArtifactTypeSchema'),
      uri: str,
      properties: old(mapOf('Value')),
      customProperties: old(mapOf('Value')),
      metadata: struct,
      customPath: str,
    },
  },
  ArtifactList: { fields: { artifacts: listOf('RuntimeArtifact') } },
  ExecutorInput: { fields: { inputs: msg('ExecutorInput.Inputs'), outputs: msg('ExecutorInput.Outputs') } },
  'ExecutorInput.Inputs': {
    fields: {
      parameters: old(mapOf('Value')),
      artifacts: mapOf('ArtifactList'),
      parameterValues: { kind: { t: 'map', of: { t: 'value' } } },
    },
  },
  'ExecutorInput.OutputParameter': { fields: { outputFile: str } },
  'ExecutorInput.Outputs': {
    fields: {
      parameters: mapOf('ExecutorInput.OutputParameter'),
      artifacts: mapOf('ArtifactList'),
      outputFile: str,
    },
  },
  ExecutorOutput: {
    fields: {
      parameters: old(mapOf('Value')),
      artifacts: mapOf('ArtifactList'),
      parameterValues: { kind: { t: 'map', of: { t: 'value' } } },
    },
  },
  PipelineTaskFinalStatus: {
    fields: {
      state: enumOf(PIPELINE_TASK_STATES),
      error: struct,
      pipelineJobUuid: old(int64),
      pipelineJobName: old(str),
      pipelineJobResourceName: str,
      pipelineTaskName: str,
    },
  },
} as const satisfies Record<string, MessageDef>;

/** Name of a message in {@link MESSAGES}. */
export type MessageName = keyof typeof MESSAGES;

/** The definition of a message (the table is closed: an unknown name is a bug in Kite). */
export function messageDef(name: string): MessageDef {
  const def = (MESSAGES as Record<string, MessageDef>)[name];
  if (def === undefined) throw new KiteError('INTERNAL', `ir schema has no message '${name}'`);
  return def;
}

/** The proto (snake_case) name of a field, which protojson accepts as an alias of the JSON name. */
export function protoNameOf(jsonName: string, def: FieldDef): string {
  return def.protoName ?? jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const aliasCache = new Map<string, ReadonlyMap<string, string>>();

/** Map of proto name → JSON name for the fields of a message whose two names differ (cached). */
export function protoAliases(name: string): ReadonlyMap<string, string> {
  const cached = aliasCache.get(name);
  if (cached !== undefined) return cached;
  const aliases = new Map<string, string>();
  for (const [jsonName, def] of Object.entries(messageDef(name).fields)) {
    const proto = protoNameOf(jsonName, def);
    if (proto !== jsonName) aliases.set(proto, jsonName);
  }
  aliasCache.set(name, aliases);
  return aliases;
}
