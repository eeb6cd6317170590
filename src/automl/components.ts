/**
 * Pipeline components of the automl module: {@link tuneComponent} wraps another component in a
 * Katib experiment. Each trial calls the target's `spec.run` in-process with the searched
 * parameters plus the pass-through inputs; the target's numeric parameter outputs and its
 * `ctx.report` calls are the trial's metrics. The tuner outputs the best parameter
 * assignments, the best observation and Katib's status.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { throwIfErrors } from '../core/index.js';
import { type AnyComponent, type Component, component, type Ports, param } from '../dsl/index.js';
import { runExperiment } from './controller.js';
import { applyDefaults } from './defaults.js';
import { objectiveRunner } from './trial.js';
import type { Experiment, ExperimentSpec } from './types.js';
import { validateExperiment } from './validate.js';

/** The search: Katib's spec fields except the trial template (the target is the trial). */
export type TuneSpec = Omit<ExperimentSpec, 'trialTemplate' | 'metricsCollectorSpec' | 'nasConfig'>;

export interface TuneComponentOptions {
  /** Default `tune-<target name>`. */
  name?: string;
  spec: TuneSpec;
}

const TUNE_OUTPUTS = {
  bestParameters: param.struct({ description: 'parameter name → value of the best trial' }),
  bestMetrics: param.struct({ description: 'metric name → {min, max, latest} of the best trial' }),
  status: param.struct({ description: "Katib's Experiment status" }),
} as const;

/**
 * A component that tunes `target`: its inputs are the target's inputs that are not searched.
 *
 * @throws KiteError `INVALID_SPEC` listing every problem of the search spec (Katib's rules).
 * @example
 * ```ts
 * const tuneTrain = tuneComponent(train, {
 *   spec: {
 *     objective: { type: 'maximize', objectiveMetricName: 'accuracy' },
 *     algorithm: { algorithmName: 'tpe' },
 *     maxTrialCount: 20,
 *     parameters: [{ name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.001', max: '0.1' } }],
 *   },
 * });
 * ```
 */
export function tuneComponent(
  target: AnyComponent,
  options: TuneComponentOptions,
): Component<Ports, typeof TUNE_OUTPUTS> {
  const name = options.name ?? `tune-${target.name}`;
  const experiment: Experiment = applyDefaults({
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name },
    spec: {
      ...options.spec,
      // The target runs in-process; this template only satisfies Katib's rules.
      trialTemplate: {
        primaryContainerName: 'main',
        trialParameters: [],
        trialSpec: { apiVersion: 'batch/v1', kind: 'Job' },
      },
    },
  });
  throwIfErrors('INVALID_SPEC', `component '${name}': invalid search spec`, validateExperiment(experiment));
  const searched = new Set((options.spec.parameters ?? []).map((p) => p.name));
  const inputs: Ports = Object.fromEntries(
    Object.entries(target.inputs as Ports).filter(([k]) => !searched.has(k)),
  );
  const targetOutputs = target.outputs as Ports;
  const artifactOutputs = Object.entries(targetOutputs)
    .filter(([, p]) => (p as { kind?: string }).kind === 'artifact')
    .map(([k, p]) => [k, (p as { schemaTitle?: string }).schemaTitle ?? 'system.Artifact'] as const);
  return component({
    name,
    description: `Katib-compatible search over ${target.name}`,
    inputs,
    outputs: TUNE_OUTPUTS,
    run: async (given, ctx) => {
      const scratch = mkdtempSync(join(tmpdir(), `kite-${name}-`));
      const result = await runExperiment(experiment, {
        signal: ctx.signal,
        runner: objectiveRunner(async (point, trial) => {
          const outputs = Object.fromEntries(
            artifactOutputs.map(([k, schemaTitle]) => {
              const dir = join(scratch, trial.trialName);
              mkdirSync(dir, { recursive: true });
              const path = join(dir, k);
              return [k, { name: k, schemaTitle, uri: path, path, metadata: {} }];
            }),
          );
          const childCtx = { ...ctx, outputs, signal: trial.signal, report: trial.report };
          const out = (await target.spec.run(
            { ...(given as Record<string, unknown>), ...point } as never,
            childCtx as never,
          )) as Record<string, unknown> | undefined;
          const metrics: Record<string, number> = {};
          for (const [k, v] of Object.entries(out ?? {})) if (typeof v === 'number') metrics[k] = v;
          return metrics;
        }),
        onEvent: (ev) => {
          if (ev.type === 'trial-finished') ctx.log.info(`${ev.trial.name} ${ev.trial.state}`);
        },
      });
      const best = result.status.currentOptimalTrial;
      return {
        bestParameters: Object.fromEntries(best.parameterAssignments.map((a) => [a.name, a.value])),
        bestMetrics: Object.fromEntries(
          best.observation.metrics.map((m) => [m.name, { min: m.min, max: m.max, latest: m.latest }]),
        ),
        status: JSON.parse(JSON.stringify(result.status)),
      };
    },
  });
}
