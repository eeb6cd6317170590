/**
 * Pins the public surface: the package root's exported names and the subpath exports. A change
 * here is a change to users' code — make it on purpose.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as kite from './index.js';

describe('public surface', () => {
  it('the package root exports the DSL, the compiler entry points and core', () => {
    const names = Object.keys(kite).sort();
    for (const name of [
      'component',
      'pipeline',
      'param',
      'artifact',
      'when',
      'forEach',
      'onExit',
      'and',
      'or',
      'not',
      'compilePipeline',
      'checkPipeline',
      'loadPipeline',
      'runComponent',
      'inputArtifact',
      'KiteError',
      'UserCodeError',
      'VERSION',
    ]) {
      expect(names).toContain(name);
    }
    expect(names).toMatchSnapshot();
  });

  it('every subpath export points at a module with an index.ts', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    for (const key of Object.keys(pkg.exports)) {
      if (key === '.' || key === './package.json') continue;
      const file = new URL(`./${key.slice(2)}/index.ts`, import.meta.url);
      expect(() => readFileSync(file), key).not.toThrow();
    }
  });
});
