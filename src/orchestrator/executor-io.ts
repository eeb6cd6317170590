/**
 * The executor contract seen from the orchestrator's side, as KFP's driver and launcher do it:
 * build a task's `ExecutorInput` (parameter values with component defaults, input artifacts with
 * uri/metadata, where each output goes), then read the outputs back (`output_metadata.json`
 * wins over per-parameter files; artifact metadata merged; a declared output parameter that is
 * missing fails the task). See `kubeflow/pipelines:backend/src/v2/component/launcher_v2.go`.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KiteError } from '../core/index.js';
import {
  artifactLocalPath,
  type ComponentSpec,
  type ExecutorInput,
  type ExecutorOutput,
  type JsonObject,
  type JsonValue,
  mergeRuntimeArtifact,
  parseExecutorOutput,
  parseParameterText,
  type RuntimeArtifact,
  withDefaultParameters,
} from '../ir/index.js';
import type { ArtifactRecord, StagingArea } from '../store/index.js';

/** Resolved inputs of one executor task. */
export interface ResolvedInputs {
  parameters: Record<string, JsonValue>;
  artifacts: Record<string, ArtifactRecord[]>;
}

/** The file (inside the staging area) the component may write its `ExecutorOutput` to. */
export const OUTPUT_METADATA_FILE = 'output_metadata.json';

const artifactType = (title: string) => ({ schemaTitle: title, schemaVersion: '0.0.1' });

/** The runtime artifact a consumer receives for an input artifact. */
export function inputRuntimeArtifact(port: string, a: ArtifactRecord): RuntimeArtifact {
  return {
    name: port,
    type: artifactType(a.typeTitle),
    uri: a.uri,
    metadata: a.metadata as JsonObject,
  };
}

/**
 * The executor input of one attempt. Output artifacts get their final URI and, as `customPath`,
 * the scratch path in the staging area where the component writes: nothing appears at the URI
 * until the orchestrator commits it.
 */
export function buildExecutorInput(
  component: ComponentSpec,
  inputs: ResolvedInputs,
  area: StagingArea,
): ExecutorInput {
  const artifacts: Record<string, { artifacts: RuntimeArtifact[] }> = {};
  for (const [name, list] of Object.entries(inputs.artifacts)) {
    artifacts[name] = { artifacts: list.map((a) => inputRuntimeArtifact(name, a)) };
  }
  const outParams: Record<string, { outputFile: string }> = {};
  for (const name of Object.keys(component.outputDefinitions?.parameters ?? {})) {
    outParams[name] = { outputFile: join(area.dir, 'parameters', name) };
  }
  const outArtifacts: Record<string, { artifacts: RuntimeArtifact[] }> = {};
  for (const [name, def] of Object.entries(component.outputDefinitions?.artifacts ?? {})) {
    outArtifacts[name] = {
      artifacts: [
        {
          name,
          type: artifactType(def.artifactType?.schemaTitle ?? 'system.Artifact'),
          uri: area.uriFor(name),
          metadata: {},
          customPath: area.pathFor(name),
        },
      ],
    };
  }
  const input: ExecutorInput = {
    inputs: { parameterValues: { ...inputs.parameters }, artifacts },
    outputs: {
      parameters: outParams,
      artifacts: outArtifacts,
      outputFile: join(area.dir, OUTPUT_METADATA_FILE),
    },
  };
  return withDefaultParameters(input, component);
}

/** What a finished attempt produced, read back from its files. */
export interface ReadOutputs {
  parameters: Record<string, JsonValue>;
  /** Merged runtime artifact (metadata from the component) per output port. */
  artifacts: Record<string, RuntimeArtifact>;
}

/**
 * Reads an attempt's outputs back with the launcher's rules. `returned` is the executor output
 * an in-process call returned instead of writing `output_metadata.json` (same content, no file).
 */
export function readExecutorOutputs(
  component: ComponentSpec,
  input: ExecutorInput,
  returned?: ExecutorOutput,
): ReadOutputs {
  const file = input.outputs?.outputFile;
  let reported: ExecutorOutput = returned ?? {};
  if (!returned && file && existsSync(file))
    reported = parseExecutorOutput(readFileSync(file, 'utf8'), OUTPUT_METADATA_FILE);
  const parameters: Record<string, JsonValue> = {};
  const missing: string[] = [];
  for (const [name, def] of Object.entries(component.outputDefinitions?.parameters ?? {})) {
    const value = reported.parameterValues?.[name];
    if (value !== undefined) {
      parameters[name] = value;
      continue;
    }
    const path = input.outputs?.parameters?.[name]?.outputFile;
    if (!path || !existsSync(path)) {
      missing.push(name);
      continue;
    }
    parameters[name] = parseParameterText(readFileSync(path, 'utf8'), def.parameterType ?? 'STRING');
  }
  if (missing.length > 0) {
    throw new KiteError(
      'INVALID_DATA',
      `failed to read output parameter${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}: the component wrote neither the output file nor a value in ${OUTPUT_METADATA_FILE}`,
    );
  }
  const artifacts: Record<string, RuntimeArtifact> = {};
  for (const [name, list] of Object.entries(input.outputs?.artifacts ?? {})) {
    const prepared = list.artifacts?.[0];
    if (!prepared) continue;
    const got = reported.artifacts?.[name]?.artifacts?.[0];
    artifacts[name] = got ? mergeRuntimeArtifact(got, prepared) : prepared;
  }
  return { parameters, artifacts };
}

/**
 * Makes the parent directories of every output parameter file and output artifact path, as the
 * launcher's `prepareOutputFolders` does before it starts a container's command.
 */
export function prepareOutputFolders(input: ExecutorInput): void {
  const paths = Object.values(input.outputs?.parameters ?? {}).flatMap((p) =>
    p.outputFile ? [p.outputFile] : [],
  );
  for (const list of Object.values(input.outputs?.artifacts ?? {})) {
    for (const a of list.artifacts ?? []) paths.push(artifactLocalPath(a));
  }
  for (const path of new Set(paths.map((p) => dirname(p)))) mkdirSync(path, { recursive: true });
}
