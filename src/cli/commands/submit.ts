import { KiteError } from '../../core/index.js';
import {
  formatMs,
  isTerminalState,
  isUploaded,
  loadSpec,
  parseDuration,
  type Run,
  resolveUploaded,
  rootParameters,
  type SubmitOptions,
  submitRun,
} from '../../kubeflow/index.js';
import type { CliIo, Command } from '../command.js';
import {
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  connect,
  namespaceOf,
  onePositional,
  paramsOf,
  printJson,
  runUrl,
} from './kfp-connection.js';

const USAGE =
  'kite submit <file.ts|compiled.yaml> --host <url> [--experiment <name>] [--param k=v ...] [--wait]';

/** One line per change of the run's or a task's state. */
export function progressPrinter(io: CliIo): (run: Run) => void {
  const seen = new Map<string, string>();
  return (run) => {
    if (seen.get('') !== run.state) {
      seen.set('', run.state ?? '');
      io.stderr(`run ${run.display_name ?? run.run_id}: ${run.state}\n`);
    }
    for (const t of run.run_details?.task_details ?? []) {
      const key = t.task_id ?? t.display_name ?? '';
      if (seen.get(key) === t.state) continue;
      seen.set(key, t.state ?? '');
      const why = t.state === 'FAILED' && t.error?.message ? ` (${t.error.message})` : '';
      io.stderr(`  task ${t.display_name ?? key}: ${t.state}${why}\n`);
    }
  };
}

/** Exit code of a finished run: 0 for SUCCEEDED or SKIPPED, 1 otherwise. */
export function exitCodeOf(run: Run): number {
  return run.state === 'SUCCEEDED' || run.state === 'SKIPPED' ? 0 : 1;
}

/** `kite submit <file>`: create a KFP run of a pipeline, optionally wait for it. */
export const submitCommand: Command = {
  name: ['submit'],
  summary: 'run a pipeline on Kubeflow Pipelines (compiles .ts files first), optionally wait for it',
  usage: `Usage: ${USAGE}
       [--run-name <name>] [--timeout <dur>] [--json]

Compiles a TypeScript pipeline (or reads a compiled YAML/JSON), validates it as the KFP backend
would, finds or creates the experiment, and creates a run. The create is idempotent: after a
lost answer or a 5xx the run is looked up before trying again, never started twice.

Options:
  -p, --pipeline <name>         the pipeline to submit when the file exports several
      --experiment <name>       experiment (found or created; required in multi-user installs)
      --param <name=value>      a pipeline input, repeatable; typed by the pipeline's inputs
      --run-name <name>         default <pipeline>-<commit7> ($GITHUB_SHA) or <pipeline>-<UTC time>
      --description <text>      run description
      --pipeline-root <uri>     runtime pipeline root, e.g. minio://mlpipeline/v2/artifacts
      --service-account <name>  Kubernetes service account of the run's pods
      --image <image>           default component image when compiling a .ts file
      --idempotency-key <key>   reuse the run an earlier submission with this key created
      --uploaded <name>         run a pipeline uploaded to KFP instead of a file
      --version <name>          with --uploaded: that version (default: the newest)
      --wait                    wait for the run to finish; exit 0 only if it SUCCEEDED
      --timeout <dur>           with --wait: give up after e.g. 30m, 2h (the run goes on)
      --poll <dur>              with --wait: poll interval (default 5s)

${CONNECTION_USAGE}`,
  options: {
    ...CONNECTION_OPTIONS,
    pipeline: { type: 'string', short: 'p' },
    experiment: { type: 'string' },
    param: { type: 'string', multiple: true },
    'run-name': { type: 'string' },
    description: { type: 'string' },
    'pipeline-root': { type: 'string' },
    'service-account': { type: 'string' },
    image: { type: 'string' },
    'idempotency-key': { type: 'string' },
    uploaded: { type: 'string' },
    version: { type: 'string' },
    wait: { type: 'boolean' },
    timeout: { type: 'string' },
    poll: { type: 'string' },
  },
  async run(args, io) {
    const v = args.values;
    const uploaded = typeof v.uploaded === 'string' ? v.uploaded : undefined;
    if (uploaded && args.positionals.length > 0)
      throw new KiteError('INVALID_ARGUMENT', 'give a pipeline file or --uploaded <name>, not both');
    if (!uploaded && typeof v.version === 'string')
      throw new KiteError('INVALID_ARGUMENT', '--version selects a version of an --uploaded pipeline');
    const file = uploaded ? undefined : onePositional(args, 'pipeline file', USAGE);
    const timeoutMs = typeof v.timeout === 'string' ? parseDuration(v.timeout, '--timeout') : undefined;
    const pollMs = typeof v.poll === 'string' ? parseDuration(v.poll, '--poll') : undefined;
    if (timeoutMs !== undefined && !v.wait)
      throw new KiteError('INVALID_ARGUMENT', '--timeout only applies with --wait', { hint: 'add --wait' });
    const client = connect(v, io);
    const source = file
      ? await loadSpec(file, {
          cwd: io.cwd,
          ...(typeof v.pipeline === 'string' ? { pipeline: v.pipeline } : {}),
          ...(typeof v.image === 'string' ? { compile: { image: v.image } } : {}),
        })
      : await resolveUploaded(client, uploaded as string, {
          ...(typeof v.version === 'string' ? { version: v.version } : {}),
          ...(namespaceOf(v, io) ? { namespace: namespaceOf(v, io) as string } : {}),
        });
    const parameters = paramsOf(v, rootParameters(isUploaded(source) ? source.doc.spec : source.spec));
    const options: SubmitOptions = { parameters, signal: io.signal };
    const namespace = namespaceOf(v, io);
    if (namespace) options.namespace = namespace;
    const set = <K extends keyof SubmitOptions>(key: K, flag: string): void => {
      if (typeof v[flag] === 'string') options[key] = v[flag] as SubmitOptions[K];
    };
    set('experiment', 'experiment');
    set('runName', 'run-name');
    set('description', 'description');
    set('pipelineRoot', 'pipeline-root');
    set('serviceAccount', 'service-account');
    set('idempotencyKey', 'idempotency-key');
    if (io.env.GITHUB_SHA) options.commit = io.env.GITHUB_SHA;
    const { run, reused } = await submitRun(client, source, options);
    const id = run.run_id ?? '';
    const url = runUrl(client.http.baseUrl, id);
    if (!v.json)
      io.stderr(`${reused ? 'found existing' : 'submitted'} run '${run.display_name}' (${id})\n  ${url}\n`);
    if (!v.wait) {
      if (v.json) printJson(client, io, { run, url, reused });
      return 0;
    }
    const started = Date.now();
    const done = await client.runs.wait(id, {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(pollMs !== undefined ? { pollMs } : {}),
      signal: io.signal,
      ...(v.json ? {} : { onUpdate: progressPrinter(io) }),
    });
    if (v.json) printJson(client, io, { run: done, url, reused });
    else {
      const error = done.error?.message ? `: ${client.redactor.text(done.error.message)}` : '';
      io.stderr(`run ${done.display_name} ${done.state} after ${formatMs(Date.now() - started)}${error}\n`);
    }
    return isTerminalState(done.state) ? exitCodeOf(done) : 1;
  },
};
