import { describe, expect, it } from 'vitest';
import { KiteError } from '../core/index.js';
import { artifactLocalPath, localPathForUri, tryLocalPathForUri, uriForLocalPath } from './uri.js';

describe('localPathForUri', () => {
  it('maps the launcher mounts', () => {
    expect(localPathForUri('gs://bucket/a/b')).toBe('/gcs/bucket/a/b');
    expect(localPathForUri('minio://mlpipeline/v2/artifacts/p/r/t/model')).toBe(
      '/minio/mlpipeline/v2/artifacts/p/r/t/model',
    );
    expect(localPathForUri('s3://b/k')).toBe('/s3/b/k');
    expect(localPathForUri('oci://registry.io/org/model:1')).toBe('/oci/registry.io_org_model:1/models');
  });
  it('keeps local paths and reads file URLs', () => {
    expect(localPathForUri('/tmp/kite/run/t/model')).toBe('/tmp/kite/run/t/model');
    expect(localPathForUri('file:///tmp/x%20y')).toBe('/tmp/x y');
  });
  it('rejects unknown schemes', () => {
    expect(tryLocalPathForUri('https://example.com/x')).toBeUndefined();
    expect(() => localPathForUri('relative/path')).toThrow(KiteError);
    try {
      localPathForUri('azure://x');
    } catch (e) {
      expect((e as KiteError).code).toBe('UNSUPPORTED');
    }
  });
  it('inverts the mounts', () => {
    expect(uriForLocalPath('/minio/mlpipeline/x')).toBe('minio://mlpipeline/x');
    expect(uriForLocalPath('/tmp/x')).toBe('/tmp/x');
  });
  it('prefers customPath', () => {
    expect(artifactLocalPath({ uri: 'gs://b/x', customPath: '/data/x' })).toBe('/data/x');
    expect(artifactLocalPath({ uri: 'gs://b/x' })).toBe('/gcs/b/x');
  });
});
