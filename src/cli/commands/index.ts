import type { Command } from '../command.js';
import { compileCommand } from './compile.js';

/** Every CLI command, in the order `kite --help` lists them. */
export const COMMANDS: readonly Command[] = [compileCommand];
