import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { KiteError, sha256 } from '../../core/index.js';
import {
  type Experiment,
  eq,
  filter,
  isCompiledFile,
  type KfpClient,
  type ListRunsOptions,
  loadSpec,
  type Predicate,
  parseDuration,
} from '../../kubeflow/index.js';
import type { CliIo, Command, OptionSpec, ParsedArgs } from '../command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  connect,
  namespaceOf,
  onePositional,
  printJson,
  printTable,
} from './kfp-connection.js';
import { exitCodeOf, progressPrinter } from './submit.js';

type Run = (client: KfpClient, args: ParsedArgs, io: CliIo) => Promise<number>;

function kfpCommand(words: string[], summary: string, usage: string, options: OptionSpec, run: Run): Command {
  return {
    name: ['kfp', ...words],
    summary,
    usage: `Usage: kite kfp ${words.join(' ')} ${usage}\n\n${CONNECTION_USAGE}`,
    options: { ...CONNECTION_OPTIONS, ...options },
    run: (args, io) => run(connect(args.values, io), args, io),
  };
}

const limitOf = (v: ParsedArgs['values']): number => {
  const n = Number(typeof v.limit === 'string' ? v.limit : '20');
  if (!Number.isInteger(n) || n <= 0)
    throw new KiteError('INVALID_ARGUMENT', `--limit must be a positive integer, got ${v.limit}`);
  return n;
};

/** An experiment by id or display name. */
async function experimentOf(client: KfpClient, ref: string, namespace?: string): Promise<Experiment> {
  const byName = await client.experiments.findByName(ref, namespace);
  if (byName) return byName;
  return client.experiments.get(ref);
}

async function take<T>(
  items: AsyncGenerator<T>,
  n: number,
  keep: (x: T) => boolean = () => true,
): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) {
    if (keep(x)) out.push(x);
    if (out.length >= n) break;
  }
  return out;
}

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

const pipelinesUpload = kfpCommand(
  ['pipelines', 'upload'],
  'upload a pipeline (.ts compiled first) as a new pipeline or a new version of it',
  `<file.ts|compiled.yaml> [--name <pipeline>] [--version <name>] [--description <text>]

Creates the pipeline when no pipeline of that name exists, else uploads a new version
(named by --version, default <name>-<first 8 hex of the spec digest>).`,
  {
    name: { type: 'string' },
    version: { type: 'string' },
    description: { type: 'string' },
    pipeline: { type: 'string', short: 'p' },
  },
  async (client, args, io) => {
    const file = onePositional(args, 'pipeline file', 'kite kfp pipelines upload <file>');
    const v = args.values;
    const doc = await loadSpec(file, {
      cwd: io.cwd,
      ...(typeof v.pipeline === 'string' ? { pipeline: v.pipeline } : {}),
    });
    const text = isCompiledFile(file) ? readFileSync(resolve(io.cwd, file)) : doc.yaml;
    const fileName = isCompiledFile(file) ? basename(file) : `${doc.spec.pipelineInfo.name}.yaml`;
    const name = typeof v.name === 'string' ? v.name : doc.spec.pipelineInfo.name;
    const namespace = namespaceOf(v, io);
    const description = typeof v.description === 'string' ? v.description : undefined;
    const existing = await client.pipelines.findByName(name, namespace);
    if (!existing) {
      const p = await client.pipelines.upload(text, {
        name,
        fileName,
        ...(namespace ? { namespace } : {}),
        ...(description ? { description } : {}),
      });
      if (v.json) printJson(client, io, { pipeline: p });
      else io.stderr(`created pipeline '${name}' (${p.pipeline_id})\n`);
      return 0;
    }
    const version = typeof v.version === 'string' ? v.version : `${name}-${sha256(doc.yaml).slice(0, 8)}`;
    const created = await client.pipelines.uploadVersion(text, existing.pipeline_id as string, {
      name: version,
      fileName,
      ...(description ? { description } : {}),
    });
    if (v.json) printJson(client, io, { pipeline: existing, version: created });
    else io.stderr(`uploaded version '${version}' (${created.pipeline_version_id}) of pipeline '${name}'\n`);
    return 0;
  },
);

const pipelinesList = kfpCommand(
  ['pipelines', 'list'],
  'list pipelines',
  '[--limit N]',
  { limit: { type: 'string' } },
  async (client, { values: v }, io) => {
    const namespace = namespaceOf(v, io);
    const items = await take(
      client.pipelines.all({ pageSize: 100, ...(namespace ? { namespace } : {}) }),
      limitOf(v),
    );
    if (v.json) printJson(client, io, items);
    else
      printTable(
        client,
        io,
        ['PIPELINE ID', 'NAME', 'CREATED'],
        items.map((p) => [p.pipeline_id ?? '', p.name ?? p.display_name ?? '', p.created_at ?? '']),
      );
    return 0;
  },
);

const experimentsList = kfpCommand(
  ['experiments', 'list'],
  'list experiments',
  '[--limit N]',
  { limit: { type: 'string' } },
  async (client, { values: v }, io) => {
    const namespace = namespaceOf(v, io);
    const items = await take(
      client.experiments.all({ pageSize: 100, ...(namespace ? { namespace } : {}) }),
      limitOf(v),
    );
    if (v.json) printJson(client, io, items);
    else
      printTable(
        client,
        io,
        ['EXPERIMENT ID', 'NAME', 'STATE', 'LAST RUN'],
        items.map((e) => [
          e.experiment_id ?? '',
          e.display_name ?? '',
          e.storage_state ?? '',
          e.last_run_created_at ?? '',
        ]),
      );
    return 0;
  },
);

const experimentsCreate = kfpCommand(
  ['experiments', 'create'],
  'create an experiment (or find the one of that name)',
  '<name> [--description <text>]',
  { description: { type: 'string' } },
  async (client, args, io) => {
    const name = onePositional(args, 'experiment name', 'kite kfp experiments create <name>');
    const e = await client.experiments.ensure(
      name,
      namespaceOf(args.values, io),
      typeof args.values.description === 'string' ? args.values.description : undefined,
    );
    if (args.values.json) printJson(client, io, e);
    else io.stderr(`experiment '${name}' (${e.experiment_id})\n`);
    return 0;
  },
);

const experimentsGet = kfpCommand(
  ['experiments', 'get'],
  'show an experiment (by name or id)',
  '<name|id>',
  {},
  async (client, args, io) => {
    const e = await experimentOf(
      client,
      onePositional(args, 'experiment', 'kite kfp experiments get <name|id>'),
      namespaceOf(args.values, io),
    );
    printJson(client, io, e);
    return 0;
  },
);

function experimentAction(verb: 'delete' | 'archive' | 'unarchive'): Command {
  return kfpCommand(
    ['experiments', verb],
    `${verb} an experiment (by name or id)`,
    '<name|id>',
    {},
    async (client, args, io) => {
      const e = await experimentOf(
        client,
        onePositional(args, 'experiment', `kite kfp experiments ${verb} <name|id>`),
        namespaceOf(args.values, io),
      );
      await client.experiments[verb](e.experiment_id as string);
      io.stderr(`${verb}d experiment '${e.display_name}' (${e.experiment_id})\n`);
      return 0;
    },
  );
}

export const kfpRunsListCommand = runsList;
export const kfpRunsGetCommand = runsGet;
export const kfpRunsWaitCommand = runsWait;
export const kfpRunsTerminateCommand = runAction('terminate', 'stop a run (it ends CANCELED)');
export const kfpRunsRetryCommand = runAction('retry', 're-run the failed tasks of a failed or canceled run');
export const kfpPipelinesUploadCommand = pipelinesUpload;
export const kfpPipelinesListCommand = pipelinesList;
export const kfpExperimentsListCommand = experimentsList;
export const kfpExperimentsCreateCommand = experimentsCreate;
export const kfpExperimentsGetCommand = experimentsGet;

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
  experimentAction('delete'),
  experimentAction('archive'),
  experimentAction('unarchive'),
];
