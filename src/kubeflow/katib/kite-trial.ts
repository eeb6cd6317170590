/**
 * A Katib trial template that runs one Kite component in the Kite image: the trial's
 * hyperparameters go into the component's inputs through `${trialParameters.X}` placeholders in
 * the executor input, `kite execute` runs the component, and its numeric output parameters are
 * printed as `name=value` lines — what Katib's StdOut metrics collector reads with its default
 * filter. The same template runs on a cluster and with `kite tune` locally.
 */
import { type CompileOptions, componentDigest, DEFAULT_IMAGE } from '../../compiler/index.js';
import { type Issue, KiteError } from '../../core/index.js';
import type { AnyComponent, Port } from '../../dsl/index.js';

/** Where a trial keeps its outputs inside the container. */
export const TRIAL_ROOT = '/tmp/kite-trial';

/** Options of {@link kiteTrialTemplate}. */
export interface KiteTrialOptions {
  component: AnyComponent;
  /** The pipeline/component file inside the image, relative to its work dir (`--module`). */
  module: string;
  image?: CompileOptions['image'];
  /** Component input → Katib search parameter (`spec.parameters[].name`) that sets it. */
  tuned: Record<string, string>;
  /** Fixed values of other inputs (defaults apply to the rest). */
  fixed?: Record<string, unknown>;
  /** Output parameters printed as metrics (default: every numeric output). */
  metrics?: string[];
  /** Container resources, e.g. `{ limits: { cpu: '1', memory: '2Gi' } }`. */
  resources?: Record<string, unknown>;
  /** Name of the trial container (default `kite-trial`). */
  containerName?: string;
  /** Directory for the trial's output files (default {@link TRIAL_ROOT}). */
  root?: string;
}

const NUMERIC = ['NUMBER_DOUBLE', 'NUMBER_INTEGER'];

function quoteShell(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function check(options: KiteTrialOptions, metrics: string[]): Issue[] {
  const c = options.component;
  const inputs = c.inputs as Record<string, Port>;
  const outputs = c.outputs as Record<string, Port>;
  const issues: Issue[] = [];
  const bad = (path: string, message: string): void => {
    issues.push({ code: 'KATIB_TRIAL', path, message, severity: 'error' });
  };
  for (const [name, port] of Object.entries(inputs)) {
    const given = name in options.tuned || name in (options.fixed ?? {});
    if (port.kind === 'artifact' && (given || !port.optional))
      bad(
        `inputs.${name}`,
        'artifact inputs cannot be passed to a Katib trial; read the data inside the component',
      );
    else if (port.kind === 'param' && !given && !port.optional)
      bad(`inputs.${name}`, `required input '${name}' is neither tuned nor fixed`);
  }
  for (const name of [...Object.keys(options.tuned), ...Object.keys(options.fixed ?? {})]) {
    const port = inputs[name];
    if (!port)
      bad(
        `inputs.${name}`,
        `component '${c.name}' has no input '${name}' (inputs: ${Object.keys(inputs).join(', ')})`,
      );
    else if (
      port.kind === 'param' &&
      name in options.tuned &&
      !['STRING', 'BOOLEAN', ...NUMERIC].includes(port.type)
    )
      bad(
        `inputs.${name}`,
        `a ${port.type} input cannot be tuned; tune a number, integer, string or boolean`,
      );
  }
  for (const m of metrics) {
    const port = outputs[m];
    if (port?.kind !== 'param' || !NUMERIC.includes(port.type))
      bad(`outputs.${m}`, `metric '${m}' must be a numeric output parameter of '${c.name}'`);
  }
  if (metrics.length === 0)
    bad('outputs', `component '${c.name}' has no numeric output to report as a metric`);
  return issues;
}

/**
 * The `spec.trialTemplate` of a Katib Experiment that tunes a Kite component.
 *
 * @example
 * ```ts
 * experiment.spec.trialTemplate = kiteTrialTemplate({
 *   component: train, module: 'pipelines/train.ts', image: 'ghcr.io/me/pipelines:1',
 *   tuned: { learningRate: 'lr' }, fixed: { epochs: 5 },
 * });
 * ```
 */
export function kiteTrialTemplate(options: KiteTrialOptions): Record<string, unknown> {
  const c = options.component;
  const outputs = c.outputs as Record<string, Port>;
  const metrics =
    options.metrics ??
    Object.entries(outputs)
      .filter(([, p]) => p.kind === 'param' && NUMERIC.includes(p.type))
      .map(([n]) => n);
  const issues = check(options, metrics);
  if (issues.length > 0)
    throw new KiteError(
      'INVALID_ARGUMENT',
      `cannot tune '${c.name}' on Katib:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
      {
        issues,
      },
    );
  const inputs = c.inputs as Record<string, Port>;
  const root = options.root ?? TRIAL_ROOT;
  const tokens = new Map<string, string>();
  const parameterValues: Record<string, unknown> = { ...(options.fixed ?? {}) };
  for (const [input, parameter] of Object.entries(options.tuned)) {
    const token = `@@kite-trial-${input}@@`;
    const port = inputs[input];
    // Numbers and booleans go in bare (valid JSON once Katib substitutes); strings stay quoted.
    tokens.set(
      port?.kind === 'param' && port.type !== 'STRING' ? JSON.stringify(token) : token,
      `\${trialParameters.${parameter}}`,
    );
    parameterValues[input] = token;
  }
  const outputParameters: Record<string, { outputFile: string }> = {};
  const outputArtifacts: Record<string, unknown> = {};
  for (const [name, port] of Object.entries(outputs)) {
    if (port.kind === 'param') outputParameters[name] = { outputFile: `${root}/outputs/${name}` };
    else
      outputArtifacts[name] = {
        artifacts: [
          {
            name,
            type: { schemaTitle: port.schemaTitle, schemaVersion: '0.0.1' },
            uri: `${root}/artifacts/${name}`,
          },
        ],
      };
  }
  let input = JSON.stringify({
    inputs: { parameterValues },
    outputs: {
      parameters: outputParameters,
      artifacts: outputArtifacts,
      outputFile: `${root}/output_metadata.json`,
    },
  });
  for (const [token, placeholder] of tokens) input = input.split(token).join(placeholder);
  const print = metrics.map((m) => `echo "${m}=$(cat ${root}/outputs/${m})"`).join(' && ');
  const script = [
    'kite execute --executor_input',
    quoteShell(input),
    '--component',
    quoteShell(c.name),
    '--module',
    quoteShell(options.module),
    '--digest',
    componentDigest(c),
  ].join(' ');
  const name = options.containerName ?? 'kite-trial';
  const container: Record<string, unknown> = {
    name,
    image: options.image ?? DEFAULT_IMAGE,
    command: ['sh', '-c', `${script} && ${print}`],
  };
  if (options.resources) container.resources = options.resources;
  return {
    primaryContainerName: name,
    trialParameters: [...new Set(Object.values(options.tuned))].map((p) => ({
      name: p,
      reference: p,
      description: `Katib parameter ${p}`,
    })),
    trialSpec: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      spec: {
        template: {
          // An Istio sidecar would keep the Job's pod running after the trial.
          metadata: { annotations: { 'sidecar.istio.io/inject': 'false' } },
          spec: { restartPolicy: 'Never', containers: [container] },
        },
      },
    },
  };
}
