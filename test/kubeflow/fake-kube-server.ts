/**
 * A fake Kubernetes API server with Katib's `kubeflow.org/v1beta1` Experiments and Trials,
 * for the test suite. Experiment bodies are checked against Katib's swagger (`v1beta1.Experiment`,
 * unknown fields rejected; core Kubernetes types such as ObjectMeta and the unstructured
 * trialSpec accepted as objects), then as the API server would: name and namespace rules,
 * AlreadyExists. Each GET moves an Experiment one step: Created → Running → Succeeded (or the
 * scripted outcome), filling trial counts and `currentOptimalTrial`. Answers use Kubernetes
 * `Status` objects. Serves HTTPS when given a key and certificate.
 */
import { fileURLToPath } from 'node:url';
import type { KatibExperiment, KatibTrial } from '../../src/kubeflow/katib/types.js';
import { FakeHttpServer, type FakeRequest, type FakeResponse } from './fake-http.js';
import { SwaggerValidator } from './swagger.js';

const FIXTURES = fileURLToPath(new URL('../../src/kubeflow/fixtures/', import.meta.url));
const K8S_TYPES = [
  'v1.Time',
  'v1.ObjectMeta',
  'v1.unstructured.Unstructured',
  'v1.Container',
  'v1.HTTPGetAction',
  'v1.ListMeta',
];
const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

function status(code: number, reason: string, message: string): FakeResponse {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code },
  };
}

/** How a scripted experiment ends. */
export type Outcome = 'Succeeded' | 'Failed';

export class FakeKubeServer extends FakeHttpServer {
  readonly validator = new SwaggerValidator([`${FIXTURES}katib.swagger.json`], {
    allowFreeObjects: K8S_TYPES,
  });
  /** Required bearer token (undefined: anyone). */
  token: string | undefined;
  /** Namespace → name → experiment. */
  readonly experiments = new Map<string, KatibExperiment>();
  readonly steps = new Map<string, number>();
  outcome: Outcome = 'Succeeded';
  /** GETs before an experiment completes. */
  stepsToFinish = 3;

  constructor(tls?: { key: string; cert: string }) {
    super((req) => this.route(req), tls);
  }

  private route(req: FakeRequest): FakeResponse {
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`)
      return status(401, 'Unauthorized', 'Unauthorized');
    const m =
      /^\/apis\/kubeflow\.org\/v1beta1\/namespaces\/([^/]+)\/(experiments|trials)(?:\/([^/]+))?$/.exec(
        req.path,
      );
    if (!m) return status(404, 'NotFound', `the server could not find the requested resource (${req.path})`);
    const [, ns = '', kind, name] = m;
    const key = `${ns}/${name ?? ''}`;
    if (kind === 'trials') {
      if (req.method !== 'GET') return status(405, 'MethodNotAllowed', 'method not allowed');
      const exp = /katib\.kubeflow\.org\/experiment=(.+)$/.exec(req.query.get('labelSelector') ?? '')?.[1];
      return {
        status: 200,
        body: { apiVersion: 'kubeflow.org/v1beta1', kind: 'TrialList', items: this.trialsOf(ns, exp) },
      };
    }
    if (req.method === 'POST' && !name) return this.create(ns, req.raw.toString('utf8'));
    const exp = this.experiments.get(key);
    if (!exp) return status(404, 'NotFound', `experiments.kubeflow.org "${name}" not found`);
    if (req.method === 'DELETE') {
      this.experiments.delete(key);
      return { status: 200, body: { kind: 'Status', apiVersion: 'v1', status: 'Success' } };
    }
    if (req.method === 'GET') {
      this.advance(key, exp);
      return { status: 200, body: exp };
    }
    return status(405, 'MethodNotAllowed', 'method not allowed');
  }

  private create(ns: string, text: string): FakeResponse {
    let body: KatibExperiment;
    try {
      body = JSON.parse(text) as KatibExperiment;
    } catch {
      return status(400, 'BadRequest', 'invalid JSON');
    }
    const problems = this.validator.value(body, { $ref: '#/definitions/v1beta1.Experiment' }, 'Experiment');
    const name = body.metadata?.name ?? '';
    if (!NAME.test(name) || name.length > 40)
      problems.push(`metadata.name '${name}' is not a valid Experiment name`);
    if (body.metadata?.namespace && body.metadata.namespace !== ns)
      problems.push(
        `the namespace of the object (${body.metadata.namespace}) does not match the namespace of the request (${ns})`,
      );
    if (body.apiVersion !== 'kubeflow.org/v1beta1' || body.kind !== 'Experiment')
      problems.push('apiVersion/kind mismatch');
    if (!body.spec?.objective) problems.push('spec.objective must be specified');
    if (problems.length > 0)
      return status(422, 'Invalid', `Experiment.kubeflow.org "${name}" is invalid: ${problems.join('; ')}`);
    const key = `${ns}/${name}`;
    if (this.experiments.has(key))
      return status(409, 'AlreadyExists', `experiments.kubeflow.org "${name}" already exists`);
    const created: KatibExperiment = {
      ...body,
      metadata: {
        ...body.metadata,
        namespace: ns,
        uid: `uid-${name}`,
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      status: { conditions: [{ type: 'Created', status: 'True', reason: 'ExperimentCreated' }] },
    };
    this.experiments.set(key, created);
    this.steps.set(key, 0);
    return { status: 201, body: created };
  }

  private advance(key: string, exp: KatibExperiment): void {
    const step = (this.steps.get(key) ?? 0) + 1;
    this.steps.set(key, step);
    const s = exp.status ?? {};
    const name = exp.metadata?.name ?? '';
    if (step >= this.stepsToFinish) {
      s.conditions = [
        ...(s.conditions ?? []).map((c) => ({ ...c, status: 'False' })),
        this.outcome === 'Succeeded'
          ? { type: 'Succeeded', status: 'True', reason: 'ExperimentMaxTrialsReached' }
          : {
              type: 'Failed',
              status: 'True',
              reason: 'ExperimentFailed',
              message: 'max failed trials reached',
            },
      ];
      s.trials = 4;
      s.trialsSucceeded = this.outcome === 'Succeeded' ? 4 : 0;
      s.trialsFailed = this.outcome === 'Succeeded' ? 0 : 4;
      s.trialsRunning = 0;
    } else if (step >= 1) {
      if (!s.conditions?.some((c) => c.type === 'Running'))
        s.conditions = [
          ...(s.conditions ?? []),
          { type: 'Running', status: 'True', reason: 'ExperimentRunning' },
        ];
      s.trials = 2;
      s.trialsRunning = 2;
    }
    if (this.outcome === 'Succeeded' && step >= 2)
      s.currentOptimalTrial = {
        bestTrialName: `${name}-abc123`,
        parameterAssignments: [{ name: 'lr', value: '0.01' }],
        observation: { metrics: [{ name: 'accuracy', min: '0.71', max: '0.93', latest: '0.93' }] },
      };
    exp.status = s;
  }

  private trialsOf(ns: string, experiment: string | undefined): KatibTrial[] {
    const exp = this.experiments.get(`${ns}/${experiment ?? ''}`);
    if (!exp) return [];
    return [
      {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Trial',
        metadata: {
          name: `${experiment}-abc123`,
          namespace: ns,
          labels: { 'katib.kubeflow.org/experiment': experiment ?? '' },
        },
        spec: { parameterAssignments: [{ name: 'lr', value: '0.01' }] },
        status: { conditions: [{ type: 'Succeeded', status: 'True' }] },
      },
    ];
  }
}
