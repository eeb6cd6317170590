/**
 * Katib's validating admission webhook (`pkg/webhook/v1beta1/experiment/validator/validator.go`)
 * for a defaulted Experiment: the same checks in the same order, the same field paths and,
 * where it helps, Katib's own wording. Every problem is returned; nothing is thrown.
 */
import type { Issue } from '../core/index.js';
import { validateAlgorithmSettings } from './algorithms/registry.js';
import { validateEarlyStoppingSettings } from './early-stopping/medianstop.js';
import type { Experiment, ParameterSpec, TrialTemplate } from './types.js';

/** `runtime.suggestions` of Katib's default katib-config. */
export const KATIB_SUGGESTIONS = [
  'random',
  'tpe',
  'grid',
  'hyperband',
  'bayesianoptimization',
  'cmaes',
  'sobol',
  'multivariate-tpe',
  'enas',
  'darts',
  'pbt',
] as const;
/** `runtime.earlyStoppings` of Katib's default katib-config. */
export const KATIB_EARLY_STOPPINGS = ['medianstop'] as const;
/** `runtime.metricsCollectors` of Katib's default katib-config. */
const CONFIGURED_COLLECTORS = new Set(['StdOut', 'File', 'TensorFlowEvent']);
const AUTO_INJECT_COLLECTORS = new Set(['StdOut', 'TensorFlowEvent', 'File', 'PrometheusMetric']);

const NAME_RE = /^[a-z]([-a-z0-9]*[a-z0-9])?/;
const PARAM_REF_RE = /\$\{trialParameters\..+?\}/g;
const META_RE = /^\$\{trialSpec\.(.+?)\}/;
const META_KEYS = new Set(['Name', 'Namespace', 'Kind', 'APIVersion', 'Annotations', 'Labels']);

export interface ValidateOptions {
  /** Reads a trial template from a ConfigMap (`configMap` trial source); absent locally. */
  readConfigMap?: (namespace: string, name: string, path: string) => string | undefined;
}

const issue = (path: string, message: string, code = 'invalid'): Issue => ({ code, path, message });

/** True for `${trialSpec.Name}`, `${trialSpec.Labels[key]}` and the other metadata references. */
export function isMetaKey(reference: string): boolean {
  const m = META_RE.exec(reference);
  if (!m?.[1]) return false;
  if (META_KEYS.has(m[1])) return true;
  const sub = /^(.+)\[(.+)]/.exec(m[1]);
  return sub?.[1] !== undefined && META_KEYS.has(sub[1]);
}

/**
 * Validates an Experiment the way Katib's webhook does (call {@link applyDefaults} first,
 * as the mutating webhook runs before it). Algorithm and early-stopping settings are
 * checked too, with the wording of Katib's suggestion services (Katib does that when it
 * creates the Suggestion; here it is reported up front).
 */
export function validateExperiment(e: Experiment, options: ValidateOptions = {}): Issue[] {
  const out: Issue[] = [];
  const spec = e.spec;
  const name = e.metadata.name ?? '';
  if (!NAME_RE.test(name) || name.length > 40)
    out.push(
      issue(
        'metadata.name',
        `Invalid value: "${name}": name must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123', regex used for validation is '^[a-z]([-a-z0-9]*[a-z0-9])?)') and may not be longer than 40 characters.`,
      ),
    );
  const { maxFailedTrialCount: maxFailed, maxTrialCount: maxTrials, parallelTrialCount: parallel } = spec;
  if (maxFailed !== undefined && maxFailed < 0)
    out.push(issue('spec.maxFailedTrialCount', `Invalid value: ${maxFailed}: should not be less than 0`));
  if (maxTrials !== undefined && maxTrials <= 0)
    out.push(issue('spec.maxTrialCount', `Invalid value: ${maxTrials}: must be greater than 0`));
  if (parallel !== undefined && parallel <= 0)
    out.push(issue('spec.parallelTrialCount', `Invalid value: ${parallel}: must be greater than 0`));
  if (maxFailed !== undefined && maxTrials !== undefined && maxFailed > maxTrials)
    out.push(
      issue(
        'spec.maxFailedTrialCount',
        `Invalid value: ${maxFailed}: should be less than or equal to spec.maxTrialCount`,
      ),
    );
  if (parallel !== undefined && maxTrials !== undefined && parallel > maxTrials)
    out.push(
      issue(
        'spec.parallelTrialCount',
        `Invalid value: ${parallel}: should be less than or equal to spec.maxTrialCount`,
      ),
    );

  const obj = spec.objective;
  const objIssues: Issue[] = [];
  if (!obj) objIssues.push(issue('spec.objective', 'Required value: must be specified', 'required'));
  else {
    if (obj.type !== 'minimize' && obj.type !== 'maximize')
      objIssues.push(
        issue('spec.objective.type', `Invalid value: "${obj.type ?? ''}": must be minimize or maximize`),
      );
    if (!obj.objectiveMetricName)
      objIssues.push(
        issue('spec.objective.objectiveMetricName', 'Required value: must be specified', 'required'),
      );
    if (obj.objectiveMetricName && (obj.additionalMetricNames ?? []).includes(obj.objectiveMetricName))
      objIssues.push(
        issue(
          'spec.objective.additionalMetricNames',
          'should not contain spec.objective.objectiveMetricName',
        ),
      );
    (obj.metricStrategies ?? []).forEach((s, i) => {
      if (!['min', 'max', 'latest'].includes(s.value))
        objIssues.push(
          issue(
            `spec.objective.metricStrategies[${i}].value`,
            `Unsupported value: "${s.value}": must be min, max or latest`,
          ),
        );
    });
  }
  if (objIssues.length > 0) return [...out, ...objIssues]; // Katib stops here too.

  const alg = spec.algorithm;
  if (!alg) out.push(issue('spec.algorithm', 'Required value: must be specified', 'required'));
  else {
    const algName = alg.algorithmName ?? '';
    if (!algName)
      out.push(issue('spec.algorithm.algorithmName', 'Required value: must be specified', 'required'));
    if (!(KATIB_SUGGESTIONS as readonly string[]).includes(algName))
      out.push(
        issue(
          'spec.algorithm.algorithmName',
          `Invalid value: "${algName}": unable to get Suggestion config data for algorithm ${algName}: failed to find suggestion config for algorithm: ${algName} in ConfigMap: katib-config (known: ${KATIB_SUGGESTIONS.join(', ')})`,
        ),
      );
  }
  const es = spec.earlyStopping;
  if (es) {
    const esName = es.algorithmName ?? '';
    if (!esName)
      out.push(issue('spec.earlyStopping.algorithmName', 'Required value: must be specified', 'required'));
    if (!(KATIB_EARLY_STOPPINGS as readonly string[]).includes(esName))
      out.push(
        issue(
          'spec.earlyStopping.algorithmName',
          `Invalid value: "${esName}": unable to get EarlyStopping config data for algorithm ${esName}: failed to find early stopping config for algorithm: ${esName} in ConfigMap: katib-config`,
        ),
      );
  }
  const rp = spec.resumePolicy ?? '';
  if (!['', 'Never', 'LongRunning', 'FromVolume'].includes(rp))
    out.push(issue('spec.resumePolicy', `Invalid value: "${rp}": invalid ResumePolicyType`));

  out.push(...validateTrialTemplate(e, options));

  const params = spec.parameters ?? [];
  if (params.length === 0 && !spec.nasConfig)
    out.push(
      issue('spec', 'Required value: spec.parameters or spec.nasConfig must be specified', 'required'),
    );
  if (params.length > 0 && spec.nasConfig)
    out.push(issue('spec', 'only one of spec.parameters and spec.nasConfig can be specified'));
  if (params.length > 0) out.push(...validateParameters(params));
  out.push(...validateMetricsCollector(e));

  // Settings are checked by the suggestion / early-stopping service in Katib.
  if (out.length === 0 && alg?.algorithmName)
    for (const m of validateAlgorithmSettings(e))
      out.push(issue('spec.algorithm.algorithmSettings', m, 'algorithm-settings'));
  if (es?.algorithmName === 'medianstop')
    for (const m of validateEarlyStoppingSettings(es.algorithmSettings ?? []))
      out.push(issue('spec.earlyStopping.algorithmSettings', m, 'early-stopping-settings'));
  return out;
}

function validateParameters(params: ParameterSpec[]): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  params.forEach((p, i) => {
    const at = `spec.parameters[${i}]`;
    const t = p.parameterType;
    if (!['int', 'double', 'categorical', 'discrete', 'unknown'].includes(t))
      out.push(
        issue(
          `${at}.parameterType`,
          `Invalid value: "${t ?? ''}": parameterType: ${t ?? ''} is not supported`,
        ),
      );
    const fs = p.feasibleSpace ?? {};
    const d = fs.distribution;
    if (d && !['uniform', 'logUniform', 'normal', 'logNormal', 'unknown'].includes(d))
      out.push(
        issue(
          `${at}.feasibleSpace.distribution`,
          `Invalid value: "${d}": distribution: ${d} is not supported`,
        ),
      );
    const empty = !fs.min && !fs.max && !fs.step && !(fs.list && fs.list.length > 0) && !fs.distribution;
    if (empty)
      out.push(issue(`${at}.feasibleSpace`, 'Required value: feasibleSpace must be specified', 'required'));
    else if (t === 'double' || t === 'int') {
      if (fs.list && fs.list.length > 0)
        out.push(
          issue(`${at}.feasibleSpace.list`, `feasibleSpace.list is not supported for parameterType: ${t}`),
        );
      if (!fs.max || !fs.min)
        out.push(
          issue(
            `${at}.feasibleSpace.max`,
            `Required value: feasibleSpace.max or feasibleSpace.min must be specified for parameterType: ${t}`,
            'required',
          ),
        );
    } else if ((t === 'categorical' || t === 'discrete') && (fs.max || fs.min || fs.step))
      out.push(
        issue(
          `${at}.feasibleSpace`,
          `feasibleSpace .max, .min and .step is not supported for parameterType: ${t}`,
        ),
      );
    // Kite's own checks (Katib's suggestion services fail on these at run time).
    if (seen.has(p.name))
      out.push(
        issue(`${at}.name`, `Duplicate value: "${p.name}": parameter names must be unique`, 'duplicate'),
      );
    seen.add(p.name);
    for (const k of ['min', 'max', 'step'] as const) {
      const v = fs[k];
      if (v !== undefined && v !== '' && !Number.isFinite(Number(v)))
        out.push(issue(`${at}.feasibleSpace.${k}`, `Invalid value: "${v}": must be a number`));
      else if (v && t === 'int' && !Number.isInteger(Number(v)))
        out.push(
          issue(
            `${at}.feasibleSpace.${k}`,
            `Invalid value: "${v}": must be an integer for parameterType: int`,
          ),
        );
    }
    if (fs.min && fs.max && Number(fs.min) > Number(fs.max))
      out.push(issue(`${at}.feasibleSpace`, `min (${fs.min}) must not be greater than max (${fs.max})`));
    if (fs.step && Number(fs.step) <= 0)
      out.push(issue(`${at}.feasibleSpace.step`, 'must be greater than 0'));
  });
  return out;
}

/** The template text Katib checks substitutions against: the trialSpec as JSON, or the ConfigMap entry. */
export function trialTemplateText(t: TrialTemplate, options: ValidateOptions = {}): string | undefined {
  if (t.trialSpec) return JSON.stringify(t.trialSpec);
  const cm = t.configMap;
  if (cm && options.readConfigMap)
    return options.readConfigMap(cm.configMapNamespace ?? '', cm.configMapName ?? '', cm.templatePath ?? '');
  return undefined;
}

function validateTrialTemplate(e: Experiment, options: ValidateOptions): Issue[] {
  const out: Issue[] = [];
  const P = 'spec.trialTemplate';
  const t = e.spec.trialTemplate;
  if (!t) return [issue(P, 'Required value: must be specified', 'required')];
  if (!t.primaryContainerName)
    out.push(issue(`${P}.primaryContainerName`, 'Required value: must be specified', 'required'));
  if (!t.successCondition || !t.failureCondition)
    out.push(issue(P, 'Required value: successCondition and failureCondition must be specified', 'required'));
  if (t.trialParameters === undefined)
    return [...out, issue(`${P}.trialParameters`, 'Required value: must be specified', 'required')];
  if (!t.trialSpec && !t.configMap)
    return [
      ...out,
      issue(
        `${P}.TrialSource`,
        'Required value: spec.trialTemplate.trialSpec or spec.trialTemplate.configMap must be specified',
        'required',
      ),
    ];
  if (t.trialSpec && t.configMap)
    return [
      ...out,
      issue(
        P,
        'Required value: only one of spec.trialTemplate.trialSpec or spec.trialTemplate.configMap can be specified',
      ),
    ];
  const cm = t.configMap;
  if (cm && (!cm.configMapName || !cm.configMapNamespace || !cm.templatePath))
    return [
      ...out,
      issue(
        `${P}.configMap`,
        'Required value: configMapName, configMapNamespace and templatePath must be specified',
      ),
    ];
  let text = trialTemplateText(t, options);
  if (text === undefined) {
    out.push({
      code: 'configmap-unavailable',
      path: `${P}.configMap`,
      message: `trial template ConfigMap ${cm?.configMapNamespace}/${cm?.configMapName} (${cm?.templatePath}) cannot be read locally; Katib reads it from the cluster, so the template itself was not checked`,
      severity: 'warning',
    });
    return out;
  }
  const experimentParams = new Set((e.spec.parameters ?? []).map((p) => p.name));
  const names = new Set<string>();
  const refs = new Set<string>();
  for (const [i, p] of t.trialParameters.entries()) {
    const at = `${P}.trialParameters[${i}]`;
    if (!p.name || !p.reference || p.name.includes('{') || p.name.includes('}')) {
      out.push(issue(at, "name and reference must be specified and name must not contain '{' or '}'"));
      continue;
    }
    if (names.has(p.name)) {
      out.push(
        issue(
          `${at}.name`,
          `parameter name ${p.name} can't be duplicated in spec.trialTemplate.trialParameters`,
        ),
      );
      continue;
    }
    if (refs.has(p.reference)) {
      out.push(
        issue(
          `${at}.reference`,
          `parameter reference ${p.reference} can't be duplicated in spec.trialTemplate.trialParameters`,
        ),
      );
      continue;
    }
    names.add(p.name);
    refs.add(p.reference);
    if (experimentParams.size > 0 && !isMetaKey(p.reference) && !experimentParams.has(p.reference))
      out.push(
        issue(
          `${at}.reference`,
          `Invalid value: "${p.reference}": parameter reference ${p.reference} does not exist in spec.parameters: [${[...experimentParams].join(' ')}]`,
        ),
      );
    const token = `\${trialParameters.${p.name}}`;
    if (!text.includes(token)) {
      out.push(
        issue(
          `${at}.name`,
          `Invalid value: "${p.name}": parameter name: ${p.name} in spec.trialParameters not found in spec.trialTemplate`,
        ),
      );
      return out; // Katib returns here.
    }
    text = text.split(token).join('test-value');
  }
  const left = text.match(PARAM_REF_RE);
  if (left)
    out.push(
      issue(P, `parameters: [${left.join(' ')}] in spec.trialTemplate not found in spec.trialParameters`),
    );
  let run: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = t.trialSpec ? JSON.parse(text) : undefined;
    run = parsed as Record<string, unknown> | undefined;
  } catch {
    return [...out, issue(P, 'unable to convert spec.trialTemplate to unstructured')];
  }
  if (run) {
    const meta = (run.metadata ?? {}) as Record<string, unknown>;
    if (meta.name || meta.namespace)
      out.push(issue(P, 'metadata.name and metadata.namespace in spec.trialTemplate must be omitted'));
    if (!run.apiVersion || !run.kind)
      out.push(
        issue(P, 'Required value: APIVersion and Kind in spec.trialTemplate must be specified', 'required'),
      );
  }
  return out;
}

function validateMetricsCollector(e: Experiment): Issue[] {
  const out: Issue[] = [];
  const mc = e.spec.metricsCollectorSpec ?? {};
  const kind = mc.collector?.kind ?? '';
  const S = 'spec.metricsCollectorSpec.source';
  if (AUTO_INJECT_COLLECTORS.has(kind) && !CONFIGURED_COLLECTORS.has(kind))
    out.push(
      issue(
        'spec.metricsCollectorSpec.collector.kind',
        `Invalid value: "${kind}": GetMetricsCollectorConfigData failed: failed to find metrics collector config for kind: ${kind} in ConfigMap: katib-config`,
      ),
    );
  const fp = mc.source?.fileSystemPath;
  switch (kind) {
    case 'Push':
    case 'None':
      return out;
    case 'StdOut': // Katib skips the filter check for StdOut; Kite checks it (a bad filter fails every trial).
      break;
    case 'File':
      if (fp?.kind !== 'File' || !fp.path?.startsWith('/'))
        out.push(
          issue(
            `${S}.fileSystemPath.path`,
            'Required value: file path where metrics file exists is required',
            'required',
          ),
        );
      if (fp?.format !== 'TEXT' && fp?.format !== 'JSON')
        out.push(
          issue(
            `${S}.fileSystemPath.format`,
            'Required value: format of metrics file is required for metrics collector',
            'required',
          ),
        );
      if (fp?.format === 'JSON' && mc.source?.filter)
        out.push(issue(`${S}.filter`, 'filter must be nil when format of metrics file is json'));
      break;
    case 'TensorFlowEvent':
      if (fp?.kind !== 'Directory' || !fp.path?.startsWith('/'))
        out.push(
          issue(
            S,
            'Required value: directory path where tensorflow event files exist is required by .spec.metricsCollectorSpec.source.fileSystemPath.path',
            'required',
          ),
        );
      if (fp?.format)
        out.push(issue(`${S}.fileSystemPath.format`, `Invalid value: "${fp.format}": must be empty`));
      break;
    case 'PrometheusMetric': {
      const port = Number(mc.source?.httpGet?.port);
      if (!Number.isInteger(port) || port <= 0)
        out.push(
          issue(`${S}.httpGet.port`, `must be a positive integer value for metrics collector kind: ${kind}`),
        );
      if (!String(mc.source?.httpGet?.path ?? '').startsWith('/'))
        out.push(issue(`${S}.httpGet.path`, `path is invalid for metrics collector kind: ${kind}`));
      break;
    }
    case 'Custom':
      if (!mc.collector?.customCollector)
        out.push(
          issue(
            'spec.metricsCollectorSpec.collector.customCollector',
            `Required value: metrics collector kind: ${kind} is required`,
            'required',
          ),
        );
      if (fp && (!fp.path?.startsWith('/') || (fp.kind !== 'Directory' && fp.kind !== 'File')))
        out.push(issue(`${S}.fileSystemPath`, '.spec.metricsCollectorSpec.source is invalid'));
      break;
    default:
      out.push(
        issue(
          'spec.metricsCollectorSpec.collector.kind',
          `Invalid value: "${kind}": invalid metrics collector kind: ${kind}`,
        ),
      );
  }
  for (const f of mc.source?.filter?.metricsFormat ?? []) {
    let ok = true;
    try {
      new RegExp(f);
    } catch (err) {
      ok = false;
      out.push(
        issue(
          `${S}.filter.metricsFormat`,
          `Invalid value: "${f}": invalid filter: ${(err as Error).message}`,
        ),
      );
    }
    if (ok && !/.*\(.*\).*\(.*\).*/.test(f))
      out.push(
        issue(`${S}.filter.metricsFormat`, `Invalid value: "${f}": two top subexpressions are required`),
      );
  }
  return out;
}
