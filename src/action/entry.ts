/**
 * The bundle's entry point (`dist-action/index.mjs`): runs the action in this process with
 * the user's installed Kite as the engine, and exits with its verdict.
 */
import { loadInstalledEngine } from './engine.js';
import { runAction } from './main.js';
import { processIo } from './toolkit.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
const code = await runAction({
  io: processIo(),
  loadEngine: loadInstalledEngine,
  signal: controller.signal,
  chdir: (dir) => process.chdir(dir),
});
// Pipelines may leave timers or sockets behind; the verdict is final.
process.exit(code);
