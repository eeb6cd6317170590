import type { Command } from '../command.js';
import { compileCommand } from './compile.js';
import { executeCommand } from './execute.js';
import { runCommand } from './run.js';

/** Every CLI command, in the order `kite --help` lists them. */
export const COMMANDS: readonly Command[] = [compileCommand, runCommand, executeCommand];
