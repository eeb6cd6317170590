/** `kite kfp runs …`, and {@link kfpCommands}: every `kite kfp` command. */
import { eq, filter, type ListRunsOptions, type Predicate, parseDuration } from '../../kubeflow/index.js';
import type { Command } from '../command.js';
import { experimentOf, kfpCommand, limitOf, take } from './kfp-command.js';
import { namespaceOf, onePositional, printJson, printTable } from './kfp-connection.js';
import {
  kfpExperimentsArchiveCommand,
  kfpExperimentsCreateCommand,
  kfpExperimentsDeleteCommand,
  kfpExperimentsGetCommand,
  kfpExperimentsListCommand,
  kfpExperimentsUnarchiveCommand,
  kfpPipelinesListCommand,
  kfpPipelinesUploadCommand,
} from './kfp-resources.js';
import { exitCodeOf, progressPrinter } from './submit.js';

const runsList = kfpCommand(
  ['runs', 'list'],
  'list Kubeflow Pipelines runs, newest first',
  '[--experiment <name|id>] [--name <display name>] [--state <STATE>] [--limit N]',
  {
    experiment: { type: 'string' },
    name: { type: 'string' },
    state: { type: 'string' },
    limit: { type: 'string' },
  },
  async (client, { values: v }, io) => {
    const namespace = namespaceOf(v, io);
    const options: ListRunsOptions = { sortBy: 'created_at desc', pageSize: Math.min(limitOf(v), 100) };
    if (namespace) options.namespace = namespace;
    if (typeof v.experiment === 'string')
      options.experimentId = (await experimentOf(client, v.experiment, namespace)).experiment_id as string;
    const predicates: Predicate[] = [];
    if (typeof v.name === 'string') predicates.push(eq('display_name', v.name));
    if (predicates.length > 0) options.filter = filter(...predicates);
    // State is not a filterable key of KFP's runs table: filtered here, before the limit.
    const state = typeof v.state === 'string' ? v.state.toUpperCase() : undefined;
    const runs = await take(client.runs.all(options), limitOf(v), (r) => !state || r.state === state);
    if (v.json) printJson(client, io, runs);
    else
      printTable(
        client,
        io,
        ['RUN ID', 'NAME', 'STATE', 'CREATED'],
        runs.map((r) => [r.run_id ?? '', r.display_name ?? '', r.state ?? '', r.created_at ?? '']),
      );
    return 0;
  },
);

const runsGet = kfpCommand(
  ['runs', 'get'],
  'show a run and its tasks',
  '<run-id>',
  {},
  async (client, args, io) => {
    const run = await client.runs.get(onePositional(args, 'run id', 'kite kfp runs get <run-id>'));
    if (args.values.json) printJson(client, io, run);
    else {
      const rows = (run.run_details?.task_details ?? []).map((t) => [
        `  ${t.display_name ?? t.task_id ?? ''}`,
        t.state ?? '',
        t.error?.message ?? '',
      ]);
      printTable(
        client,
        io,
        ['RUN', run.display_name ?? '', run.state ?? ''],
        [['  id', run.run_id ?? '', ''], ...rows],
      );
    }
    return 0;
  },
);

const runsWait = kfpCommand(
  ['runs', 'wait'],
  'wait for a run to finish; exit 0 only if it SUCCEEDED',
  '<run-id> [--timeout <dur>] [--poll <dur>]',
  { timeout: { type: 'string' }, poll: { type: 'string' } },
  async (client, args, io) => {
    const id = onePositional(args, 'run id', 'kite kfp runs wait <run-id>');
    const v = args.values;
    const done = await client.runs.wait(id, {
      ...(typeof v.timeout === 'string' ? { timeoutMs: parseDuration(v.timeout, '--timeout') } : {}),
      ...(typeof v.poll === 'string' ? { pollMs: parseDuration(v.poll, '--poll') } : {}),
      signal: io.signal,
      ...(v.json ? {} : { onUpdate: progressPrinter(io) }),
    });
    if (v.json) printJson(client, io, done);
    return exitCodeOf(done);
  },
);

function runAction(verb: 'terminate' | 'retry', summary: string): Command {
  return kfpCommand(['runs', verb], summary, '<run-id>', {}, async (client, args, io) => {
    const id = onePositional(args, 'run id', `kite kfp runs ${verb} <run-id>`);
    await client.runs[verb](id);
    if (args.values.json) printJson(client, io, { run_id: id, action: verb });
    else io.stderr(`${verb === 'terminate' ? 'terminating' : 'retrying'} run ${id}\n`);
    return 0;
  });
}

export const kfpRunsListCommand = runsList;
/** `kite kfp runs get <id>`: a run and its tasks. */
export const kfpRunsGetCommand = runsGet;
/** `kite kfp runs wait <id>`: waits for a terminal state; exit 0 only for SUCCEEDED. */
export const kfpRunsWaitCommand = runsWait;
/** `kite kfp runs terminate <id>`. */
export const kfpRunsTerminateCommand = runAction('terminate', 'stop a run (it ends CANCELED)');
/** `kite kfp runs retry <id>`. */
export const kfpRunsRetryCommand = runAction('retry', 're-run the failed tasks of a failed or canceled run');

/** Every `kite kfp …` command, in help order. */
export const kfpCommands: readonly Command[] = [
  kfpRunsListCommand,
  kfpRunsGetCommand,
  kfpRunsWaitCommand,
  kfpRunsTerminateCommand,
  kfpRunsRetryCommand,
  kfpPipelinesUploadCommand,
  kfpPipelinesListCommand,
  kfpExperimentsListCommand,
  kfpExperimentsCreateCommand,
  kfpExperimentsGetCommand,
  kfpExperimentsDeleteCommand,
  kfpExperimentsArchiveCommand,
  kfpExperimentsUnarchiveCommand,
];

export {
  kfpExperimentsArchiveCommand,
  kfpExperimentsCreateCommand,
  kfpExperimentsDeleteCommand,
  kfpExperimentsGetCommand,
  kfpExperimentsListCommand,
  kfpExperimentsUnarchiveCommand,
  kfpPipelinesListCommand,
  kfpPipelinesUploadCommand,
};
