import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  applyDefaults,
  type ExperimentEvent,
  loadExperiment,
  metadataStateStore,
  printExperiment,
  processRunner,
  runExperiment,
} from '../../automl/index.js';
import { formatIssues, KiteError } from '../../core/index.js';
import { describeExperiment, type KatibExperiment, runOnKatib } from '../../kubeflow/katib/index.js';
import { openStore } from '../../store/index.js';
import type { CliIo, Command } from '../command.js';

function readSpec(file: string, io: CliIo): string {
  try {
    return readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new KiteError('NOT_FOUND', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** One line per finished trial: name, state, parameters, metrics, and the best so far. */
function progress(io: CliIo, objective: string, maximize: boolean) {
  let best: { name: string; value: number } | undefined;
  return (ev: ExperimentEvent): void => {
    if (ev.type === 'resumed')
      io.stderr(`resuming: ${ev.finished} finished trials kept, ${ev.rerun} to run again\n`);
    if (ev.type !== 'trial-finished') return;
    const t = ev.trial;
    const v = ev.objective;
    if (v !== undefined && (!best || (maximize ? v > best.value : v < best.value)))
      best = { name: t.name, value: v };
    const params = t.parameterAssignments.map((a) => `${a.name}=${a.value}`).join(' ');
    const metrics = (t.observation ?? []).map((m) => `${m.name}=${m.latest}`).join(' ');
    const why = t.state === 'Failed' || t.state === 'MetricsUnavailable' ? ` (${t.message})` : '';
    const b = best ? `  | best ${objective}=${best.value} (${best.name})` : '';
    io.stderr(`${t.name}  ${t.state.padEnd(18)} ${params}  ${metrics}${why}${b}\n`);
  };
}

export const tuneCommand: Command = {
  name: ['tune'],
  summary: 'run a Katib Experiment locally (trials as local processes), or validate it',
  usage: `Usage: kite tune <experiment.yaml> [--root <dir>] [--json]
       kite tune <experiment.yaml> --katib [-n <namespace>] [--kubeconfig <file>] [--json]
       kite tune --validate <experiment.yaml>
       kite tune --manifest <experiment.yaml>

Runs a Katib kubeflow.org/v1beta1 Experiment on this machine: the primary container's command
of the trial template runs as a local process per trial (the image is ignored), metrics are
collected as Katib's StdOut / File collectors do. Trials run in the current directory. State is
kept in the Kite root's metadata store (experiment <namespace>/<name>), so running the same
command again resumes an interrupted experiment; a finished one is reported again.

Options:
      --validate     check the spec as Katib's admission webhook would; print it with defaults
      --manifest     print the Experiment, validated, ready for kubectl apply
      --root <dir>   Kite root: metadata store and trial logs (default .kite)
      --json         print the final Experiment with its Katib status as JSON

On a cluster (--katib): the spec is validated here first, then created as a Katib Experiment
through the Kubernetes API (kubeconfig, or in-cluster service-account credentials), followed
until it finishes, and its best trial printed. Exit 0 when it Succeeded, 1 when it Failed.
      --katib              run on Katib instead of locally
  -n, --namespace <ns>     namespace (default: the spec's, else the credentials')
      --kubeconfig <file>  kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)
      --context <name>     kubeconfig context other than the current one
      --if-exists <mode>   fail (default), follow, or replace an Experiment of the same name
      --delete             delete the Experiment once it has finished
      --timeout <seconds>  give up waiting after this long
      --poll <seconds>     how often to read the Experiment's status (default 5)`,
  options: {
    validate: { type: 'boolean' },
    manifest: { type: 'boolean' },
    root: { type: 'string' },
    json: { type: 'boolean' },
    katib: { type: 'boolean' },
    namespace: { type: 'string', short: 'n' },
    kubeconfig: { type: 'string' },
    context: { type: 'string' },
    'if-exists': { type: 'string' },
    delete: { type: 'boolean' },
    timeout: { type: 'string' },
    poll: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0)
      throw new KiteError(
        'INVALID_ARGUMENT',
        file ? `expected one experiment file, got ${positionals.length}` : 'missing the experiment file',
        {
          hint: 'kite tune <experiment.yaml>',
        },
      );
    const parsed = loadExperiment(readSpec(file, io), file);
    const warnings = parsed.issues.filter((i) => i.severity === 'warning');
    if (warnings.length > 0) io.stderr(`${formatIssues(warnings)}\n`);
    if (values.validate) {
      io.stdout(printExperiment(parsed.defaulted));
      io.stderr(`${file}: valid Katib Experiment '${parsed.defaulted.metadata.name}'\n`);
      return 0;
    }
    if (values.manifest) {
      io.stdout(printExperiment(parsed.experiment));
      return 0;
    }
    if (values.katib) return runOnCluster(parsed.experiment as unknown as KatibExperiment, values, io);
    const e = applyDefaults(parsed.experiment);
    if (!e.spec.trialTemplate?.trialSpec)
      throw new KiteError('UNSUPPORTED', 'trial templates from a ConfigMap cannot run locally', {
        hint: 'inline the template as spec.trialTemplate.trialSpec',
      });
    const store = openStore(resolve(io.cwd, (values.root as string | undefined) ?? '.kite'));
    const namespace = e.metadata.namespace ?? 'default';
    const dir = join(store.root, 'tune', namespace, e.metadata.name ?? 'experiment');
    const runner = processRunner(e, { cwd: io.cwd, trialsDir: join(dir, 'trials'), env: io.env });
    let result: Awaited<ReturnType<typeof runExperiment>>;
    try {
      result = await runExperiment(e, {
        runner,
        store: metadataStateStore(store.meta, `${namespace}/${e.metadata.name}`),
        signal: io.signal,
        onEvent: progress(
          io,
          e.spec.objective?.objectiveMetricName ?? '',
          e.spec.objective?.type === 'maximize',
        ),
      });
    } finally {
      store.meta.close();
    }
    const last = result.status.conditions.at(-1);
    if (values.json) io.stdout(`${JSON.stringify({ ...e, status: result.status }, null, 2)}\n`);
    else {
      const best = result.status.currentOptimalTrial;
      io.stdout(
        `${e.metadata.name}: ${last?.type} (${last?.reason}) — ${result.status.trials} trials, ${result.status.trialsSucceeded} succeeded\n`,
      );
      if (best.bestTrialName)
        io.stdout(
          `best ${best.bestTrialName}: ${best.parameterAssignments.map((a) => `${a.name}=${a.value}`).join(' ')}  ${best.observation.metrics
            .map((m) => `${m.name}(min=${m.min} max=${m.max} latest=${m.latest})`)
            .join(' ')}\n`,
        );
    }
    if (io.signal.aborted) {
      io.stderr(`interrupted; state saved in ${store.root} — run the same command again to resume\n`);
      return 130;
    }
    return last?.type === 'Failed' ? 1 : 0;
  },
};

const IF_EXISTS = ['fail', 'follow', 'replace'] as const;

async function runOnCluster(
  experiment: KatibExperiment,
  values: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const ifExists = (values['if-exists'] as string | undefined) ?? 'fail';
  if (!(IF_EXISTS as readonly string[]).includes(ifExists)) {
    throw new KiteError('INVALID_ARGUMENT', `--if-exists must be fail, follow or replace, got '${ifExists}'`);
  }
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `--timeout must be a number of seconds > 0, got '${String(values.timeout)}'`,
    );
  }
  const poll = values.poll === undefined ? undefined : Number(values.poll);
  if (poll !== undefined && !(poll > 0)) {
    throw new KiteError(
      'INVALID_ARGUMENT',
      `--poll must be a number of seconds > 0, got '${String(values.poll)}'`,
    );
  }
  const kube: NonNullable<Parameters<typeof runOnKatib>[1]>['kube'] = { env: io.env, signal: io.signal };
  if (values.kubeconfig) kube.kubeconfig = resolve(io.cwd, values.kubeconfig as string);
  if (values.context) kube.context = values.context as string;
  let last = '';
  const result = await runOnKatib(experiment, {
    kube,
    ifExists: ifExists as (typeof IF_EXISTS)[number],
    deleteWhenDone: values.delete === true,
    signal: io.signal,
    ...(values.namespace ? { namespace: values.namespace as string } : {}),
    ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
    ...(poll ? { pollMs: poll * 1000 } : {}),
    onUpdate: (e) => {
      const line = describeExperiment(e);
      if (line !== last) io.stderr(`${experiment.metadata?.name}: ${line}\n`);
      last = line;
    },
  });
  if (values.json) {
    io.stdout(`${JSON.stringify(result.experiment, null, 2)}\n`);
  } else {
    io.stdout(
      `${experiment.metadata?.name}: ${result.condition}${result.reason ? ` (${result.reason})` : ''}\n`,
    );
    if (result.best) {
      const params = Object.entries(result.best.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const metrics = result.best.metrics
        .map((m) => `${m.name}(min=${m.min} max=${m.max} latest=${m.latest})`)
        .join(' ');
      io.stdout(`best ${result.best.name}: ${params}  ${metrics}\n`);
    }
  }
  return result.condition === 'Succeeded' ? 0 : 1;
}
