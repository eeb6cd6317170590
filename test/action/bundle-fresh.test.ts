/**
 * The committed bundle `dist-action/index.mjs` is what `action.yml` runs: it must be exactly
 * what `scripts/bundle-action.mjs` builds from the sources now, and free of native modules.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE, bundleAction } from '../../scripts/bundle-action.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('dist-action/index.mjs', () => {
  it('is fresh: rebuilding from src/action gives the committed file', async () => {
    const built = await bundleAction();
    const committed = readFileSync(BUNDLE, 'utf8');
    // A stale bundle: run `node scripts/bundle-action.mjs` and commit dist-action/.
    expect(committed === built).toBe(true);
  });

  it('bundles no Kite engine and no native module (the user installs those)', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    for (const heavy of [
      'better-sqlite3',
      '@duckdb',
      '@tensorflow',
      'src/orchestrator/',
      'src/store/',
      'src/compiler/',
    ])
      expect(text).not.toContain(`// ${heavy}`);
    expect(text.length).toBeLessThan(400_000);
  });

  it('is what action.yml runs, on node24', () => {
    const yml = readFileSync(`${ROOT}action.yml`, 'utf8');
    expect(yml).toMatch(/runs:\n {2}using: node24\n {2}main: dist-action\/index\.mjs/);
  });
});
