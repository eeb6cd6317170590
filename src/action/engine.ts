/**
 * The engine: the Kite library the action drives. In production it is the `kite` package the
 * user's repository installed (`npm ci` before this step), imported from the working
 * directory, never a copy bundled into the action (see the design note in `index.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Compiler from '../compiler/index.js';
import { KiteError } from '../core/errors.js';
import type * as Kubeflow from '../kubeflow/index.js';
import type * as Orchestrator from '../orchestrator/index.js';
import type * as Quality from '../quality/index.js';
import type * as Store from '../store/index.js';
import type { GateRunner } from './rescan.js';

/** The parts of Kite's public API the action calls (subpath exports of the `kite` package). */
export interface KiteEngine {
  /** The installed package's version. */
  version: string;
  /** Where it was found (for messages). */
  location: string;
  compiler: Pick<typeof Compiler, 'loadPipeline' | 'compilePipeline' | 'componentsOf'>;
  orchestrator: Pick<typeof Orchestrator, 'runPipeline' | 'parseParamArgs'>;
  store: Pick<typeof Store, 'openStore'>;
  kubeflow: Pick<
    typeof Kubeflow,
    'KfpClient' | 'loadSpec' | 'submitRun' | 'parseParams' | 'rootParameters' | 'isTerminalState'
  >;
  /** The data-quality gate, loaded on first use (it starts DuckDB). */
  quality?: () => Promise<GateRunner>;
}

/**
 * Imports the `kite` package installed where the user's workflow ran `npm ci` (resolved from
 * `cwd` the way Node resolves `import 'kite'` in their pipeline file, so both share one copy).
 */
export async function loadInstalledEngine(cwd: string): Promise<KiteEngine> {
  const require = createRequire(join(cwd, 'package.json'));
  let pkgFile: string;
  try {
    pkgFile = require.resolve('kite/package.json');
  } catch (error) {
    throw new KiteError('NOT_FOUND', `the kite package is not installed in ${cwd}`, {
      cause: error,
      hint:
        'add kite to the devDependencies of your repository and run `npm ci` in a step before this one ' +
        '(the action runs your own installed Kite, the same version your pipeline imports)',
    });
  }
  const version = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { version?: string }).version ?? 'unknown';
  const load = async <T>(subpath: string): Promise<T> =>
    (await import(pathToFileURL(require.resolve(`kite/${subpath}`)).href)) as T;
  const [compiler, orchestrator, store, kubeflow] = await Promise.all([
    load<typeof Compiler>('compiler'),
    load<typeof Orchestrator>('orchestrator'),
    load<typeof Store>('store'),
    load<typeof Kubeflow>('kubeflow'),
  ]);
  return {
    version,
    location: pkgFile.replace(/package\.json$/, ''),
    compiler,
    orchestrator,
    store,
    kubeflow,
    quality: async () => (await load<typeof Quality>('quality')).runGate,
  };
}
