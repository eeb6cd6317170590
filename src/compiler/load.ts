/**
 * Loads a user's pipeline file — TypeScript or JavaScript, no build step — and finds the
 * pipelines it exports. TypeScript is loaded through `tsx`, so type annotations, ESM and
 * `import ... from 'kite'` just work.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isKiteError, KiteError, messageOf, userStackFrame } from '../core/index.js';
import { type AnyPipeline, isPipeline } from '../dsl/index.js';

/** A pipeline found in a module: the export name and the pipeline. */
export interface FoundPipeline {
  exportName: string;
  pipeline: AnyPipeline;
}

const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']);

let esmHooks: Promise<void> | undefined;
let cjsHooks: Promise<void> | undefined;

/** How Node will load a TypeScript file: by extension, else by the nearest package.json `type`. */
export function moduleFormat(path: string): 'esm' | 'cjs' {
  if (/\.mtsx?$/.test(path)) return 'esm';
  if (/\.ctsx?$/.test(path)) return 'cjs';
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module'
          ? 'esm'
          : 'cjs';
      } catch {
        return 'cjs';
      }
    }
    if (dirname(dir) === dir) return 'cjs';
  }
}

/**
 * Registers tsx's loader hooks for the whole process (not namespaced), so that a pipeline file
 * and Kite itself share one module graph: `import ... from 'kite'` in the user's file is the
 * same module instance the CLI uses. The CommonJS hook is cheap and always registered (a .ts
 * file outside a `"type": "module"` package is CommonJS to Node); the ES-module hooks start a
 * loader thread (~130 ms on Node 20), so only files Node loads as ES modules pay for them —
 * this matters for `kite execute`, which starts once per task with process isolation.
 */
function registerTypeScript(format: 'esm' | 'cjs'): Promise<void> {
  cjsHooks ??= import('tsx/cjs/api').then((cjs) => {
    cjs.register();
  });
  if (format === 'cjs') return cjsHooks;
  esmHooks ??= import('tsx/esm/api').then((esm) => {
    esm.register();
  });
  return Promise.all([cjsHooks, esmHooks]).then(() => undefined);
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
    if (/\.[mc]?tsx?$/.test(path)) {
      const format = moduleFormat(path);
      await registerTypeScript(format);
      if (format === 'cjs') {
        // Through require(), where tsx's CommonJS hook compiles it: no ES-module loader thread.
        const exports = createRequire(path)(path) as Record<string, unknown>;
        return exports.__esModule === true ? { ...exports } : { default: exports, ...exports };
      }
    }
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
