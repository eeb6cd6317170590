/**
 * Artifact URIs and the local paths a component sees, as the KFP launcher maps them
 * (`LocalPathForURI` in `kubeflow/pipelines:backend/src/v2/component/launcher_v2.go`): remote
 * stores are mounted under `/gcs`, `/minio`, `/s3` (and OCI models under `/oci`); for local runs
 * an artifact URI is already a local absolute path (or a `file://` URL) and stays as it is.
 */
import { KiteError } from '../core/index.js';
import type { RuntimeArtifact } from './types.js';

const MOUNTS = [
  ['gs://', '/gcs/'],
  ['minio://', '/minio/'],
  ['s3://', '/s3/'],
] as const;

/**
 * The local path of an artifact URI, or `undefined` when KFP has no mount for its scheme.
 *
 * @example
 * ```ts
 * tryLocalPathForUri('minio://mlpipeline/v2/artifacts/p/r/t/model'); // '/minio/mlpipeline/v2/artifacts/p/r/t/model'
 * tryLocalPathForUri('/tmp/kite/run/t/model'); // '/tmp/kite/run/t/model'
 * ```
 */
export function tryLocalPathForUri(uri: string): string | undefined {
  for (const [scheme, mount] of MOUNTS) if (uri.startsWith(scheme)) return mount + uri.slice(scheme.length);
  if (uri.startsWith('oci://')) return `/oci/${uri.slice('oci://'.length).replaceAll('/', '_')}/models`;
  if (uri.startsWith('file://')) return decodeURIComponent(new URL(uri).pathname);
  if (uri.startsWith('/')) return uri;
  return undefined;
}

/** {@link tryLocalPathForUri}, throwing `KiteError('UNSUPPORTED')` for an unknown scheme. */
export function localPathForUri(uri: string): string {
  const path = tryLocalPathForUri(uri);
  if (path === undefined) {
    throw new KiteError(
      'UNSUPPORTED',
      `no local path for artifact URI '${uri}': unsupported storage scheme`,
      {
        hint: 'use gs://, minio://, s3://, oci:// or an absolute local path',
      },
    );
  }
  return path;
}

/**
 * The URI for a local path under one of the launcher's mounts (`/gcs/b/x` → `gs://b/x`), the
 * inverse of {@link localPathForUri}; other paths are returned unchanged (local runs).
 */
export function uriForLocalPath(path: string): string {
  for (const [scheme, mount] of MOUNTS) if (path.startsWith(mount)) return scheme + path.slice(mount.length);
  return path;
}

/** The local path of a runtime artifact: its `customPath` when set, else from its URI (launcher `retrieveArtifactPath`). */
export function artifactLocalPath(artifact: RuntimeArtifact): string {
  if (artifact.customPath !== undefined) return artifact.customPath;
  return localPathForUri(artifact.uri ?? '');
}
