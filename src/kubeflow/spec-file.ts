/**
 * What `kite submit` and `kite kfp pipelines upload` send: a compiled pipeline, from a
 * TypeScript pipeline file (compiled on the spot) or a compiled YAML/JSON file (validated as
 * strictly as the KFP backend would, with file:line:col in every finding).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { type CompileOptions, compilePipeline, loadPipeline } from '../compiler/index.js';
import { errorsOf, formatIssues, KiteError } from '../core/index.js';
import {
  locateIssues,
  type PipelineDocument,
  type PipelineSpec,
  parsePipelineSpec,
  toYaml,
  validatePipelineDocument,
} from '../ir/index.js';

/** A pipeline ready to send. */
export interface LoadedSpec extends PipelineDocument {
  /** The YAML text (what an upload sends). */
  yaml: string;
  /** Where it came from. */
  source: string;
}

/** Options of {@link loadSpec}. */
export interface LoadSpecOptions {
  cwd?: string;
  /** The pipeline to pick when a `.ts` file exports several. */
  pipeline?: string;
  /** Compile options for `.ts` files (default `module`: the file's path relative to `cwd`). */
  compile?: CompileOptions;
}

/** True for files that are compiled pipelines rather than TypeScript/JavaScript modules. */
export function isCompiledFile(file: string): boolean {
  return /\.(ya?ml|json)$/i.test(file);
}

/**
 * Loads a pipeline for submission. `.ts`/`.js`: loaded and compiled (the compiler validates).
 * `.yaml`/`.yml`/`.json`: parsed and validated; an invalid spec throws
 * `KiteError('INVALID_SPEC')` before anything is sent.
 */
export async function loadSpec(file: string, options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  if (isCompiledFile(file)) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new KiteError('NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
    }
    const parsed = parsePipelineSpec(text, file);
    const errors = errorsOf(locateIssues(validatePipelineDocument(parsed), parsed));
    if (errors.length > 0)
      throw new KiteError(
        'INVALID_SPEC',
        `${file} is not a valid PipelineSpec (KFP would reject it):\n${formatIssues(errors)}`,
        {
          issues: errors,
          hint: 'recompile it with kite compile, or fix the fields listed',
        },
      );
    const doc: LoadedSpec = { spec: parsed.spec, yaml: text, source: file };
    if (parsed.platformSpec) doc.platformSpec = parsed.platformSpec;
    return doc;
  }
  const p = await loadPipeline(
    file,
    options.pipeline === undefined ? { cwd } : { name: options.pipeline, cwd },
  );
  const spec = compilePipeline(p, { module: relative(cwd, path), ...(options.compile ?? {}) });
  return { spec, yaml: toYaml(spec), source: file };
}

/** The `pipeline_spec` object of a run: the bare spec, or spec + platform spec. */
export function runPipelineSpec(doc: PipelineDocument): Record<string, unknown> {
  const spec = doc.spec as unknown as Record<string, unknown>;
  return doc.platformSpec ? { pipeline_spec: spec, platform_spec: doc.platformSpec } : spec;
}

/** The declared root inputs of a spec: name → parameterType. */
export function rootParameters(spec: PipelineSpec): Record<string, string> {
  const params = spec.root.inputDefinitions?.parameters ?? {};
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v.parameterType ?? 'STRING')]));
}
