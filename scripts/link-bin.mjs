#!/usr/bin/env node
// Makes `npx kite` work inside a clone of this repository: npm links the bins of dependencies
// into node_modules/.bin, but not the project's own. Run by `prepare`, after the build.
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(target)) {
  console.error('link-bin: dist/cli/main.js is missing; run `npm run build` first');
  process.exit(1);
}
chmodSync(target, 0o755);
// Only inside this repository's own checkout: an installed package gets its bin from npm.
if (!existsSync(join(root, '.git')) && !existsSync(join(root, 'node_modules'))) process.exit(0);
const binDir = join(root, 'node_modules', '.bin');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'kite');
rmSync(link, { force: true });
symlinkSync(relative(binDir, target), link);
