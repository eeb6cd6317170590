import { KiteError } from '../../core/index.js';
import {
  type KfpClient,
  loadSpec,
  parseDuration,
  type RecurringRun,
  rootParameters,
  runPipelineSpec,
  toKfpCron,
} from '../../kubeflow/index.js';
import type { CliIo, Command, OptionSpec, ParsedArgs } from '../command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  connect,
  namespaceOf,
  onePositional,
  paramsOf,
  printJson,
  printTable,
} from './kfp-connection.js';

type Action = (client: KfpClient, args: ParsedArgs, io: CliIo) => Promise<number>;

function scheduleCommand(
  verb: string,
  summary: string,
  usage: string,
  options: OptionSpec,
  run: Action,
): Command {
  return {
    name: ['schedule', verb],
    summary,
    usage: `Usage: kite schedule ${verb} ${usage}\n\n${CONNECTION_USAGE}`,
    options: { ...CONNECTION_OPTIONS, ...options },
    run: (args, io) => run(connect(args.values, io), args, io),
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function time(value: unknown, flag: string): string | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t))
    throw new KiteError('INVALID_ARGUMENT', `${flag} '${s}' is not a date/time`, {
      hint: 'e.g. 2026-01-31T02:00:00Z',
    });
  return new Date(t).toISOString();
}

/** The trigger of `--cron` (5 or 6 fields, converted to KFP's 6) or `--every <dur>`. */
export function triggerOf(values: ParsedArgs['values']): RecurringRun['trigger'] {
  const cron = str(values.cron);
  const every = str(values.every);
  if (!cron === !every)
    throw new KiteError('INVALID_ARGUMENT', 'give exactly one of --cron and --every', {
      hint: "--cron '0 2 * * *' (daily 02:00 UTC) or --every 6h",
    });
  const start = time(values.start, '--start');
  const end = time(values.end, '--end');
  const window = { ...(start ? { start_time: start } : {}), ...(end ? { end_time: end } : {}) };
  if (cron) return { cron_schedule: { ...window, cron: toKfpCron(cron) } };
  const seconds = Math.round(parseDuration(every as string, '--every') / 1000);
  if (seconds < 1) throw new KiteError('INVALID_ARGUMENT', '--every must be at least 1s');
  return { periodic_schedule: { ...window, interval_second: String(seconds) } };
}

async function findSchedule(
  client: KfpClient,
  ref: string,
  io: CliIo,
  values: ParsedArgs['values'],
): Promise<RecurringRun> {
  const namespace = namespaceOf(values, io);
  const byName = await client.recurringRuns.findByName(ref, namespace ? { namespace } : {});
  return byName ?? client.recurringRuns.get(ref);
}

const create = scheduleCommand(
  'create',
  'run a pipeline on a schedule (KFP recurring run)',
  `<file.ts|compiled.yaml> --name <name> (--cron <expr> | --every <dur>) [options]

Cron is read in UTC by KFP, with a seconds field: a 5-field expression ('0 2 * * *') gets
second 0 in front ('0 0 2 * * *'); 6 fields and @daily/@hourly/'@every 1h' are kept.

Options:
      --name <name>             the recurring run's name (required)
      --cron <expr>             cron schedule;  --every <dur>  fixed interval, e.g. 6h
      --experiment <name>       experiment of the runs (found or created; needed in multi-user)
      --param <name=value>      a pipeline input, repeatable
      --max-concurrency <n>     runs at once, 1–10 (default 1)
      --start <time>, --end <time>  schedule window (RFC 3339)
      --no-catchup              skip runs missed while paused
      --disabled                create it paused
  -p, --pipeline <name>         pipeline to use when the file exports several`,
  {
    name: { type: 'string' },
    cron: { type: 'string' },
    every: { type: 'string' },
    experiment: { type: 'string' },
    param: { type: 'string', multiple: true },
    'max-concurrency': { type: 'string' },
    start: { type: 'string' },
    end: { type: 'string' },
    'no-catchup': { type: 'boolean' },
    disabled: { type: 'boolean' },
    pipeline: { type: 'string', short: 'p' },
  },
  async (client, args, io) => {
    const v = args.values;
    const file = onePositional(
      args,
      'pipeline file',
      'kite schedule create <file> --name <name> --cron <expr>',
    );
    const name = str(v.name);
    if (!name)
      throw new KiteError('INVALID_ARGUMENT', 'missing --name', { hint: 'the recurring run needs a name' });
    const trigger = triggerOf(v);
    const doc = await loadSpec(file, {
      cwd: io.cwd,
      ...(str(v.pipeline) ? { pipeline: str(v.pipeline) as string } : {}),
    });
    const parameters = paramsOf(v, rootParameters(doc.spec));
    const namespace = namespaceOf(v, io);
    const recurring: RecurringRun = {
      display_name: name,
      pipeline_spec: runPipelineSpec(doc),
      max_concurrency: str(v['max-concurrency']) ?? '1',
      mode: v.disabled ? 'DISABLE' : 'ENABLE',
    };
    if (trigger) recurring.trigger = trigger;
    if (Object.keys(parameters).length > 0) recurring.runtime_config = { parameters };
    if (v['no-catchup']) recurring.no_catchup = true;
    if (namespace) recurring.namespace = namespace;
    const experiment = str(v.experiment);
    if (experiment)
      recurring.experiment_id = (await client.experiments.ensure(experiment, namespace))
        .experiment_id as string;
    else if (namespace)
      throw new KiteError('INVALID_ARGUMENT', 'a schedule in a namespace needs an experiment', {
        hint: 'pass --experiment <name>',
      });
    const created = await client.recurringRuns.create(recurring);
    if (v.json) printJson(client, io, created);
    else {
      const when =
        created.trigger?.cron_schedule?.cron ??
        `every ${created.trigger?.periodic_schedule?.interval_second}s`;
      io.stderr(`created schedule '${name}' (${created.recurring_run_id}): ${when}, ${created.status}\n`);
    }
    return 0;
  },
);

const list = scheduleCommand(
  'list',
  'list recurring runs',
  '[--experiment <id>]',
  { experiment: { type: 'string' } },
  async (client, { values: v }, io) => {
    const namespace = namespaceOf(v, io);
    const items: RecurringRun[] = [];
    const experimentId = str(v.experiment);
    for await (const r of client.recurringRuns.all({
      pageSize: 100,
      ...(namespace ? { namespace } : {}),
      ...(experimentId ? { experimentId } : {}),
    }))
      items.push(r);
    if (v.json) printJson(client, io, items);
    else
      printTable(
        client,
        io,
        ['ID', 'NAME', 'STATUS', 'SCHEDULE'],
        items.map((r) => [
          r.recurring_run_id ?? '',
          r.display_name ?? '',
          r.status ?? '',
          r.trigger?.cron_schedule?.cron ??
            (r.trigger?.periodic_schedule ? `every ${r.trigger.periodic_schedule.interval_second}s` : ''),
        ]),
      );
    return 0;
  },
);

function action(verb: 'enable' | 'disable' | 'delete', summary: string): Command {
  return scheduleCommand(verb, summary, '<name|id>', {}, async (client, args, io) => {
    const r = await findSchedule(
      client,
      onePositional(args, 'schedule', `kite schedule ${verb} <name|id>`),
      io,
      args.values,
    );
    await client.recurringRuns[verb](r.recurring_run_id as string);
    if (args.values.json) printJson(client, io, { recurring_run_id: r.recurring_run_id, action: verb });
    else io.stderr(`${verb}d schedule '${r.display_name}' (${r.recurring_run_id})\n`);
    return 0;
  });
}

/** `kite schedule create <file> --name <n> (--cron <expr> | --every <dur>)`. */
export const scheduleCreateCommand = create;
/** `kite schedule list`. */
export const scheduleListCommand = list;
/** `kite schedule enable <name|id>`. */
export const scheduleEnableCommand = action('enable', 'resume a recurring run');
/** `kite schedule disable <name|id>`. */
export const scheduleDisableCommand = action('disable', 'pause a recurring run');
/** `kite schedule delete <name|id>`. */
export const scheduleDeleteCommand = action('delete', 'delete a recurring run');

/** Every `kite schedule …` command, in help order. */
export const scheduleCommands: readonly Command[] = [
  scheduleCreateCommand,
  scheduleListCommand,
  scheduleEnableCommand,
  scheduleDisableCommand,
  scheduleDeleteCommand,
];
