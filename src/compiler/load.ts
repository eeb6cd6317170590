/**
 * Loads a user's pipeline file — TypeScript or JavaScript, no build step — and finds the
 * pipelines it exports. TypeScript is loaded through `tsx`, so type annotations, ESM and
 * `import ... from 'kite'` just work.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isKiteError, KiteError, messageOf, userStackFrame } from '../core/index.js';
import { type AnyPipeline, isPipeline } from '../dsl/index.js';

/** A pipeline found in a module: the export name and the pipeline. */
export interface FoundPipeline {
  exportName: string;
  pipeline: AnyPipeline;
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']);

let registered: Promise<void> | undefined;

/**
 * Registers tsx's loader once for the whole process (not namespaced), so that a pipeline file
 * and Kite itself share one module graph: `import ... from 'kite'` in the user's file is the
 * same module instance the CLI uses.
 */
function registerTypeScript(): Promise<void> {
  registered ??= Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]).then(([esm, cjs]) => {
    esm.register();
    // A .ts file outside a `"type": "module"` package is CommonJS to Node; without tsx's CJS
    // hook its `import`s would fail with "Cannot require() ES Module ... in a cycle".
    cjs.register();
  });
  return registered;
}

/** Imports a module file; errors in it become a `KiteError` that says where. */
export async function importModule(file: string, cwd = process.cwd()): Promise<Record<string, unknown>> {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new KiteError('NOT_FOUND', `no such file: ${file}`, { hint: `looked at ${path}` });
  }
  if (!SOURCE_EXTENSIONS.has(extname(path))) {
    throw new KiteError('INVALID_ARGUMENT', `${file}: expected a .ts or .js pipeline file`);
  }
  try {
    if (/\.[mc]?tsx?$/.test(path)) await registerTypeScript();
    return esModuleView((await import(pathToFileURL(path).href)) as Record<string, unknown>);
  } catch (error) {
    if (isKiteError(error)) throw error;
    const frame = userStackFrame(error);
    const where = relative(cwd, path) || path;
    throw new KiteError(
      'INVALID_PIPELINE',
      `${where}: loading the module failed: ${messageOf(error)}${frame ? `\n    ${frame}` : ''}`,
      {
        cause: error,
        hint: 'fix the error in the pipeline file (it must import and run without side effects)',
      },
    );
  }
}

/**
 * A CommonJS module (a .ts file outside a `"type": "module"` package, compiled by tsx) arrives
 * as `{ default: module.exports }`; its ES exports are the properties of that object.
 */
function esModuleView(mod: Record<string, unknown>): Record<string, unknown> {
  const inner = mod.default as Record<string, unknown> | undefined;
  if (inner !== null && typeof inner === 'object' && inner.__esModule === true) return { ...inner };
  return mod;
}

/** Every pipeline a module exports (the default export first). */
export function pipelinesOf(mod: Record<string, unknown>): FoundPipeline[] {
  const found: FoundPipeline[] = [];
  const seen = new Set<unknown>();
  const names = Object.keys(mod).sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : 0));
  for (const name of names) {
    const value = mod[name];
    if (isPipeline(value) && !seen.has(value)) {
      seen.add(value);
      found.push({ exportName: name, pipeline: value });
    }
  }
  return found;
}

/**
 * Picks one pipeline of a module: by pipeline name or export name when `name` is given,
 * else the only one (or the default export).
 */
export function selectPipeline(found: FoundPipeline[], file: string, name?: string): AnyPipeline {
  const list = found
    .map((f) => `${f.pipeline.name}${f.exportName === 'default' ? ' (default)' : ''}`)
    .join(', ');
  if (name !== undefined) {
    const hit = found.find((f) => f.pipeline.name === name || f.exportName === name);
    if (!hit)
      throw new KiteError('NOT_FOUND', `${file} has no pipeline named '${name}'`, {
        hint: found.length ? `it exports: ${list}` : 'export a pipeline made with pipeline()',
      });
    return hit.pipeline;
  }
  if (found.length === 0)
    throw new KiteError('NOT_FOUND', `${file} exports no pipeline`, {
      hint: 'export one made with pipeline(), e.g. `export default pipeline({...})`',
    });
  const byDefault = found.find((f) => f.exportName === 'default');
  if (byDefault) return byDefault.pipeline;
  if (found.length > 1)
    throw new KiteError('INVALID_ARGUMENT', `${file} exports several pipelines: ${list}`, {
      hint: 'choose one with --pipeline <name>',
    });
  return found[0]!.pipeline;
}

/** Loads a pipeline file and selects one pipeline. */
export async function loadPipeline(
  file: string,
  options: { name?: string; cwd?: string } = {},
): Promise<AnyPipeline> {
  const mod = await importModule(file, options.cwd);
  return selectPipeline(pipelinesOf(mod), file, options.name);
}
