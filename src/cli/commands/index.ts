import type { Command } from '../command.js';

/**
 * The CLI's commands, loaded lazily: each entry names the first word(s) of its commands and
 * imports their module only when used, so `kite execute` (run once per task with process
 * isolation) does not pay for loading DuckDB, TensorFlow.js or the Kubeflow client.
 * `kite --help` lists them in this order.
 */
export interface CommandGroup {
  /** The words every command of the group starts with. */
  prefix: readonly string[];
  load(): Promise<readonly Command[]>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  { prefix: ['compile'], load: async () => [(await import('./compile.js')).compileCommand] },
  { prefix: ['validate'], load: async () => [(await import('./validate.js')).validateCommand] },
  { prefix: ['run'], load: async () => [(await import('./run.js')).runCommand] },
  {
    prefix: ['runs'],
    load: async () => {
      const m = await import('./runs.js');
      return [m.runsListCommand, m.runsShowCommand];
    },
  },
  { prefix: ['logs'], load: async () => [(await import('./logs.js')).logsCommand] },
  { prefix: ['lineage'], load: async () => [(await import('./lineage.js')).lineageCommand] },
  { prefix: ['check'], load: async () => [(await import('./check.js')).checkCommand] },
  {
    prefix: ['explain'],
    load: async () => {
      const m = await import('./explain.js');
      return [m.explainPlotCommand, m.explainCompareCommand];
    },
  },
  { prefix: ['tune'], load: async () => [(await import('./tune.js')).tuneCommand] },
  { prefix: ['submit'], load: async () => [(await import('./submit.js')).submitCommand] },
  { prefix: ['kfp'], load: async () => (await import('./kfp.js')).kfpCommands },
  { prefix: ['schedule'], load: async () => (await import('./schedule.js')).scheduleCommands },
  { prefix: ['execute'], load: async () => [(await import('./execute.js')).executeCommand] },
];

/** Every command (loads every module: for help and tests). */
export async function allCommands(): Promise<Command[]> {
  return (await Promise.all(COMMAND_GROUPS.map((g) => g.load()))).flat();
}
