/**
 * The strict PipelineSpec validator: what the KFP backend's strict protojson parse would reject
 * (via {@link checkMessage} and the field table), what its upload checks reject (schema version,
 * pipeline name), and every reference that must resolve for a run to start (components,
 * executors, producer tasks, component inputs, output keys, iterators, dependencies, cycles).
 */
import { errorsOf, formatIssues, type Issue, KiteError } from '../core/index.js';
import { normalizeMessage } from './normalize.js';
import { parameterValueProblem } from './parameter-values.js';
import { checkMessage, isObject, issue, warning } from './structure.js';
import type { ComponentSpec, JsonValue, ParameterType, PipelineSpec, PlatformSpec } from './types.js';
import { SCHEMA_VERSION } from './types.js';
import { checkDag } from './validate-dag.js';
import { checkExecutorPlaceholders } from './validate-placeholders.js';

/**
 * KFP's pipeline name pattern (`backend/src/apiserver/template/v2_template.go`). KFP matches
 * it unanchored (so it only needs one matching character); Kite also checks the anchored form
 * and warns, because the name ends up in Kubernetes object names.
 */
export const PIPELINE_NAME_PATTERN = /[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/;

const ANCHORED_NAME = new RegExp(`^(?:${PIPELINE_NAME_PATTERN.source})$`);

/** Options of {@link validatePipelineSpec}. */
export interface ValidateOptions {
  /** The optional second document. */
  platformSpec?: unknown;
}

/**
 * Every finding about `spec` (errors and warnings), each with a field path such as
 * `root.dag.tasks.train.inputs.parameters.x`. An empty result (or warnings only) means an
 * unmodified KFP 2.x backend accepts the spec and every reference resolves.
 *
 * @example
 * ```ts
 * const issues = validatePipelineSpec(parsePipelineSpec(text, 'p.yaml').spec);
 * if (errorsOf(issues).length > 0) console.error(formatIssues(issues));
 * ```
 */
export function validatePipelineSpec(spec: unknown, options: ValidateOptions = {}): Issue[] {
  const issues: Issue[] = [];
  checkMessage(spec, 'PipelineSpec', [], issues);
  if (options.platformSpec !== undefined)
    checkMessage(options.platformSpec, 'PlatformSpec', ['platformSpec'], issues);
  if (!isObject(spec)) return issues;
  // Reference checks read the canonical spelling (protojson also accepts proto names).
  const s = normalizeMessage(spec, 'PipelineSpec') as Partial<PipelineSpec> & Record<string, unknown>;
  checkTopLevel(s, issues);
  const components = isObject(s.components) ? (s.components as Record<string, ComponentSpec>) : {};
  const executors =
    isObject(s.deploymentSpec) && isObject(s.deploymentSpec.executors) ? s.deploymentSpec.executors : {};
  const usedComponents = new Set<string>();
  const usedExecutors = new Set<string>();
  const visit = (component: unknown, path: string[], isRoot: boolean) => {
    if (!isObject(component)) return;
    const c = component as ComponentSpec;
    checkDefinitions(c, path, issues);
    const label = c.executorLabel;
    if (isObject(c.dag)) {
      checkDag(c, path, { components, issues, usedComponents });
    } else if (typeof label === 'string') {
      if (isRoot)
        issues.push(issue('IR_ROOT', path, 'the root component must be a DAG (`dag`), not an executor'));
      usedExecutors.add(label);
      if (!(label in executors)) {
        issues.push(
          issue(
            'IR_REF',
            [...path, 'executorLabel'],
            `executor '${label}' is not defined in deploymentSpec.executors`,
          ),
        );
      } else {
        checkExecutorPlaceholders(
          executors[label],
          ['deploymentSpec', 'executors', label],
          c,
          String(path[path.length - 1]),
          issues,
        );
      }
    } else if (c.dag === undefined) {
      issues.push(issue('IR_REQUIRED', path, "a component needs either 'dag' or 'executorLabel'"));
    }
  };
  visit(s.root, ['root'], true);
  for (const [name, component] of Object.entries(components)) visit(component, ['components', name], false);
  for (const name of Object.keys(components)) {
    if (!usedComponents.has(name)) {
      issues.push(warning('IR_UNUSED', ['components', name], `component '${name}' is not used by any task`));
    }
  }
  for (const [label, executor] of Object.entries(executors)) {
    if (!usedExecutors.has(label)) {
      issues.push(
        warning(
          'IR_UNUSED',
          ['deploymentSpec', 'executors', label],
          `executor '${label}' is not used by any component`,
        ),
      );
    }
    checkExecutor(executor, ['deploymentSpec', 'executors', label], issues);
  }
  return issues;
}

/**
 * Throws a `KiteError('INVALID_SPEC')` listing every error of {@link validatePipelineSpec};
 * returns the warnings otherwise.
 */
export function assertValidPipelineSpec(
  spec: unknown,
  options: ValidateOptions & { what?: string } = {},
): Issue[] {
  const issues = validatePipelineSpec(spec, options);
  const errors = errorsOf(issues);
  if (errors.length > 0) {
    const what = options.what ?? 'invalid PipelineSpec';
    const noun = errors.length === 1 ? 'problem' : 'problems';
    throw new KiteError('INVALID_SPEC', `${what}: ${errors.length} ${noun}\n${formatIssues(errors)}`, {
      issues: errors,
      hint: 'the KFP backend would reject this spec; see pipeline_spec.proto for the field names',
    });
  }
  return issues;
}

/** Convenience for validating a parsed file: both documents. */
export function validatePipelineDocument(doc: {
  spec: unknown;
  platformSpec?: PlatformSpec | undefined;
}): Issue[] {
  return validatePipelineSpec(
    doc.spec,
    doc.platformSpec === undefined ? {} : { platformSpec: doc.platformSpec },
  );
}

function checkTopLevel(spec: Record<string, unknown>, issues: Issue[]): void {
  const info = spec.pipelineInfo;
  if (info === undefined || info === null) {
    issues.push(
      issue(
        'IR_REQUIRED',
        ['pipelineInfo'],
        'pipelineInfo.name is required (KFP: "no pipeline spec is provided")',
      ),
    );
  } else if (isObject(info)) {
    const name = info.name;
    if (name === undefined || name === '') {
      issues.push(issue('IR_REQUIRED', ['pipelineInfo', 'name'], 'pipelineInfo.name is required'));
    } else if (typeof name === 'string') {
      if (!PIPELINE_NAME_PATTERN.test(name)) {
        issues.push(
          issue(
            'IR_NAME',
            ['pipelineInfo', 'name'],
            `pipeline name '${name}' does not match KFP's pattern ${PIPELINE_NAME_PATTERN.source}`,
          ),
        );
      } else if (!ANCHORED_NAME.test(name)) {
        issues.push(
          warning(
            'IR_NAME',
            ['pipelineInfo', 'name'],
            `pipeline name '${name}' should be lowercase letters, digits, '-' and '.' (e.g. 'my-pipeline')`,
          ),
        );
      }
    }
  }
  if (spec.root === undefined || spec.root === null) {
    issues.push(issue('IR_REQUIRED', ['root'], 'root (the pipeline DAG component) is required'));
  }
  if (spec.schemaVersion !== SCHEMA_VERSION) {
    const got = spec.schemaVersion === undefined ? 'none' : JSON.stringify(spec.schemaVersion);
    issues.push(
      issue(
        'IR_SCHEMA_VERSION',
        ['schemaVersion'],
        `KFP only supports schema version ${SCHEMA_VERSION}, got ${got}`,
      ),
    );
  }
}

function checkDefinitions(c: ComponentSpec, path: string[], issues: Issue[]): void {
  for (const side of ['inputDefinitions', 'outputDefinitions'] as const) {
    const defs = c[side];
    if (!isObject(defs)) continue;
    for (const [name, p] of Object.entries(isObject(defs.parameters) ? defs.parameters : {})) {
      if (!isObject(p)) continue;
      const at = [...path, side, 'parameters', name];
      const type = p.parameterType as ParameterType | undefined;
      if (type === undefined || type === 'PARAMETER_TYPE_ENUM_UNSPECIFIED') {
        issues.push(
          issue(
            'IR_REQUIRED',
            [...at, 'parameterType'],
            'parameterType is required (schema 2.1.0 ignores the deprecated `type`)',
          ),
        );
        continue;
      }
      const def = p as { defaultValue?: JsonValue; literals?: JsonValue[] };
      if (def.defaultValue !== undefined && def.defaultValue !== null) {
        const problem = parameterValueProblem(def.defaultValue, type);
        if (problem !== undefined) issues.push(issue('IR_VALUE', [...at, 'defaultValue'], problem));
      }
      (Array.isArray(def.literals) ? def.literals : []).forEach((lit, i) => {
        const problem = parameterValueProblem(lit, type);
        if (problem !== undefined) issues.push(issue('IR_VALUE', [...at, 'literals', i], problem));
      });
    }
    for (const [name, a] of Object.entries(isObject(defs.artifacts) ? defs.artifacts : {})) {
      if (!isObject(a)) continue;
      const t = a.artifactType;
      if (
        !isObject(t) ||
        (t.schemaTitle === undefined && t.instanceSchema === undefined && t.schemaUri === undefined)
      ) {
        issues.push(
          issue(
            'IR_REQUIRED',
            [...path, side, 'artifacts', name, 'artifactType'],
            'artifactType.schemaTitle is required (e.g. system.Dataset)',
          ),
        );
      }
    }
  }
}

function checkExecutor(executor: unknown, path: string[], issues: Issue[]): void {
  if (!isObject(executor)) return;
  const set = ['container', 'importer', 'resolver', 'customJob'].filter(
    (k) => executor[k] !== undefined && executor[k] !== null,
  );
  if (set.length === 0)
    issues.push(issue('IR_REQUIRED', path, "an executor needs 'container', 'importer' or 'resolver'"));
  const container = executor.container;
  if (isObject(container) && (typeof container.image !== 'string' || container.image === '')) {
    issues.push(issue('IR_REQUIRED', [...path, 'container', 'image'], 'container.image is required'));
  }
  const importer = executor.importer;
  if (isObject(importer)) {
    if (!isObject(importer.artifactUri))
      issues.push(
        issue('IR_REQUIRED', [...path, 'importer', 'artifactUri'], 'importer.artifactUri is required'),
      );
    if (!isObject(importer.typeSchema))
      issues.push(
        issue('IR_REQUIRED', [...path, 'importer', 'typeSchema'], 'importer.typeSchema is required'),
      );
  }
}
