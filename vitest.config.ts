import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests import the package by name, as users do; point that at the sources.
    alias: [
      { find: /^kite$/, replacement: `${src}index.ts` },
      { find: /^kite\/(.+)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Test files run in parallel forks already: one wasm thread each keeps them from competing
    // (test/models/wasm-threads.test.ts runs the threaded backend explicitly).
    env: { KITE_WASM_THREADS: '1' },
  },
});
