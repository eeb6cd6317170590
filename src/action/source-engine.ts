/**
 * The engine made of this checkout's sources — what the tests drive, and what a script inside
 * a Kite checkout may pass to {@link runAction}. The bundle never imports this file: the
 * published action uses the user's installed Kite ({@link loadInstalledEngine}).
 */
import { fileURLToPath } from 'node:url';
import { compilePipeline, componentsOf, loadPipeline } from '../compiler/index.js';
import { VERSION } from '../core/index.js';
import {
  isTerminalState,
  KfpClient,
  loadSpec,
  parseParams,
  rootParameters,
  submitRun,
} from '../kubeflow/index.js';
import { parseParamArgs, runPipeline } from '../orchestrator/index.js';
import { openStore } from '../store/index.js';
import type { KiteEngine } from './engine.js';

/** An engine over the sources next to this file. */
export function sourceEngine(): KiteEngine {
  return {
    version: VERSION,
    location: fileURLToPath(new URL('../../', import.meta.url)),
    compiler: { loadPipeline, compilePipeline, componentsOf },
    orchestrator: { runPipeline, parseParamArgs },
    store: { openStore },
    kubeflow: { KfpClient, loadSpec, submitRun, parseParams, rootParameters, isTerminalState },
    quality: async () => (await import('../quality/index.js')).runGate,
  };
}
