/**
 * # kubeflow (layer 3)
 *
 * Kite as a client of Kubeflow Pipelines v2 (REST API v2beta1) and Katib. What runs locally
 * runs on Kubeflow: the compiled PipelineSpec is sent as is, and each task runs
 * `kite execute` in the Kite image (see the repo's `Dockerfile` and `docs/kubeflow.md`).
 *
 * - `client.ts` — {@link KfpClient}: `runs`, `pipelines` (+ versions, multipart upload with
 *   field `uploadfile`), `experiments`, `recurringRuns`, `healthz()`. Wire types in
 *   `types.ts` are snake_case exactly as the server speaks; unknown response fields pass
 *   through, the client never sends a field the swagger lacks.
 * - `http.ts` — the one transport over `fetch`: retries with backoff on connection errors,
 *   429 (Retry-After) and 5xx only; 401 re-reads a token file once; errors name the request,
 *   the server's message and the credential used (`auth.ts`), with secrets redacted
 *   (`redact.ts`). TLS (custom CA, client certs, insecure) through an undici Agent (`tls.ts`).
 * - `runs.ts` — `createIdempotent`: a submission marker in the run description; after a
 *   transient failure the run is looked up by name + marker before the create is retried.
 *   `wait()` polls to a terminal state (CANCELED included) with a timeout.
 * - `submit.ts`, `spec-file.ts`, `params.ts`, `uploaded.ts` — `kite submit`: load/compile and
 *   validate first (or resolve an uploaded pipeline version), typed `--param`s, experiment
 *   find-or-create, default run name `<pipeline>-<commit7>`.
 * - `cron.ts` — 5-field cron → KFP's 6-field (seconds) form, validated.
 * - `katib/` — a small Kubernetes client (kubeconfig or in-cluster credentials, TLS) and Katib
 *   Experiments: `KatibClient` (create / get / delete / trials / follow), `bestTrial`,
 *   `runOnKatib` + `describeExperiment` (what `kite tune --katib` needs), and
 *   `kiteTrialTemplate` (trials that run a Kite component and print metrics for StdOut).
 *
 * Extension points: another KFP service is a small class over `HttpTransport` (like
 * `runs.ts`), another credential form a field of `KfpAuthOptions` resolved in `auth.ts`.
 *
 * Tests talk real HTTP to fakes in `test/kubeflow/` that validate every request against the
 * official swagger files copied in `fixtures/`.
 *
 * Left to do: run archive/delete commands, Kubernetes `exec`-plugin credentials
 * (e.g. `gke-gcloud-auth-plugin`), the Kubernetes watch API instead of polling, Google IAP auth.
 */
export {
  AUTH_ENV,
  authFromEnv,
  DEFAULT_SA_TOKEN_PATH,
  type KfpAuth,
  type KfpAuthOptions,
  resolveAuth,
} from './auth.js';
export { KfpClient, type KfpClientOptions } from './client.js';
export { checkCron, toKfpCron } from './cron.js';
export { ExperimentsApi } from './experiments.js';
export { eq, filter, gt, gte, isIn, lt, lte, ne, substring } from './filter.js';
export {
  type HttpFailure,
  HttpTransport,
  isTransient,
  type RequestOptions,
  serverMessage,
  type TransportOptions,
} from './http.js';
export * from './katib/index.js';
export { collect } from './list.js';
export { parseDuration, parseParams } from './params.js';
export { MAX_UPLOAD_BYTES, PipelinesApi, type UploadOptions } from './pipelines.js';
export { type ListRecurringRunsOptions, RecurringRunsApi } from './recurring-runs.js';
export { isSecretHeader, Redactor } from './redact.js';
export { backoffDelay, isRetryableStatus, type RetryOptions } from './retry.js';
export {
  formatMs,
  type IdempotentCreateOptions,
  type ListRunsOptions,
  RunsApi,
  submissionMarker,
  type WaitOptions,
} from './runs.js';
export {
  isCompiledFile,
  type LoadedSpec,
  type LoadSpecOptions,
  loadSpec,
  rootParameters,
  runPipelineSpec,
} from './spec-file.js';
export { defaultRunName, type SubmitOptions, type SubmitResult, submitRun } from './submit.js';
export type { TlsOptions } from './tls.js';
export * from './types.js';
export { isUploaded, resolveUploaded, type UploadedPipeline } from './uploaded.js';
