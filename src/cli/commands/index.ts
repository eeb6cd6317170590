import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { explainCompareCommand, explainPlotCommand } from './explain.js';
import { kfpCommands } from './kfp.js';
import { scheduleCommands } from './schedule.js';
import { submitCommand } from './submit.js';
import { compileCommand } from './compile.js';
import { executeCommand } from './execute.js';
import { lineageCommand } from './lineage.js';
import { logsCommand } from './logs.js';
import { runCommand } from './run.js';
import { runsListCommand, runsShowCommand } from './runs.js';

/** Every CLI command, in the order `kite --help` lists them. */
export const COMMANDS: readonly Command[] = [
  compileCommand,
  runCommand,
  runsListCommand,
  runsShowCommand,
  logsCommand,
  lineageCommand,
  checkCommand,
  explainPlotCommand,
  explainCompareCommand,
  submitCommand,
  ...kfpCommands,
  ...scheduleCommands,
  executeCommand,
];
