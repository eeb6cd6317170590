/** Port specs to KFP input and output definitions. */
import type { ArtifactSchema, Ports } from '../dsl/index.js';
import type {
  ArtifactTypeSchema,
  ComponentInputsSpec,
  ComponentOutputsSpec,
  InputArtifactDefinition,
  InputParameterDefinition,
  JsonValue,
  OutputArtifactDefinition,
  OutputParameterDefinition,
} from '../ir/index.js';
import { SYSTEM_ARTIFACT_SCHEMA_VERSION } from '../ir/types.js';

const byName = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** The `artifactType` of a schema title, as the SDK writes it. */
export function artifactType(schemaTitle: ArtifactSchema | string): ArtifactTypeSchema {
  return { schemaTitle, schemaVersion: SYSTEM_ARTIFACT_SCHEMA_VERSION };
}

/** `inputDefinitions` of a component or pipeline (undefined when it has no inputs). */
export function inputDefinitions(ports: Ports): ComponentInputsSpec | undefined {
  const parameters: [string, InputParameterDefinition][] = [];
  const artifacts: [string, InputArtifactDefinition][] = [];
  for (const [name, port] of Object.entries(ports)) {
    if (port.kind === 'param') {
      const def: InputParameterDefinition = {};
      if (port.default !== undefined) def.defaultValue = port.default as JsonValue;
      if (port.description !== undefined) def.description = port.description;
      if (port.optional) def.isOptional = true;
      def.parameterType = port.type;
      parameters.push([name, def]);
    } else {
      const def: InputArtifactDefinition = { artifactType: artifactType(port.schemaTitle) };
      if (port.description !== undefined) def.description = port.description;
      if (port.list) def.isArtifactList = true;
      if (port.optional) def.isOptional = true;
      artifacts.push([name, def]);
    }
  }
  if (parameters.length + artifacts.length === 0) return undefined;
  const out: ComponentInputsSpec = {};
  if (artifacts.length > 0) out.artifacts = byName(artifacts);
  if (parameters.length > 0) out.parameters = byName(parameters);
  return out;
}

/** `outputDefinitions` of a component or pipeline (undefined when it has no outputs). */
export function outputDefinitions(ports: Ports): ComponentOutputsSpec | undefined {
  const parameters: [string, OutputParameterDefinition][] = [];
  const artifacts: [string, OutputArtifactDefinition][] = [];
  for (const [name, port] of Object.entries(ports)) {
    if (port.kind === 'param') {
      const def: OutputParameterDefinition = {};
      if (port.description !== undefined) def.description = port.description;
      def.parameterType = port.type;
      parameters.push([name, def]);
    } else {
      const def: OutputArtifactDefinition = { artifactType: artifactType(port.schemaTitle) };
      if (port.description !== undefined) def.description = port.description;
      if (port.list) def.isArtifactList = true;
      artifacts.push([name, def]);
    }
  }
  if (parameters.length + artifacts.length === 0) return undefined;
  const out: ComponentOutputsSpec = {};
  if (artifacts.length > 0) out.artifacts = byName(artifacts);
  if (parameters.length > 0) out.parameters = byName(parameters);
  return out;
}
