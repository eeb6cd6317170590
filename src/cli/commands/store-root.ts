/** The `--root` option shared by the commands that read the run store. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KiteError } from '../../core/index.js';
import { DB_FILE, openStore, type Store } from '../../store/index.js';
import type { CliIo } from '../command.js';

/** Option spec of `--root` and `--json`. */
export const ROOT_OPTIONS = {
  root: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Opens the store of an existing root (NOT_FOUND when nothing ran there yet). */
export function openExistingStore(root: string | undefined, io: CliIo): Store {
  const dir = resolve(io.cwd, root ?? '.kite');
  if (!existsSync(join(dir, DB_FILE))) {
    throw new KiteError('NOT_FOUND', `no runs under ${dir}`, {
      hint: 'run a pipeline with kite run, or pass --root <dir>',
    });
  }
  return openStore(dir);
}
