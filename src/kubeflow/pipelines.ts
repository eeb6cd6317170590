/**
 * `PipelineService` and `PipelineUploadService` of KFP v2beta1: pipelines and their versions,
 * created from a spec (JSON) or uploaded as a file (multipart, form field `uploadfile`).
 */
import { KiteError } from '../core/index.js';
import type { HttpTransport } from './http.js';
import { listAll, listPage } from './list.js';
import type { ListOptions, Page, Pipeline, PipelineVersion } from './types.js';

const BASE = '/apis/v2beta1/pipelines';

/** The server's limit on an uploaded file (`MaxFileLength = 32 << 20`). */
export const MAX_UPLOAD_BYTES = 32 << 20;

/** Options of an upload. */
export interface UploadOptions {
  /** The pipeline's (or version's) name. */
  name: string;
  displayName?: string;
  description?: string;
  /** Multi-user installs: the namespace owning the pipeline (not for versions). */
  namespace?: string;
  tags?: Record<string, string>;
  codeSourceUrl?: string;
  /** File name sent with the form; must end .yaml/.yml/.json (default `pipeline.yaml`). */
  fileName?: string;
}

function uploadForm(content: string | Uint8Array, fileName: string): FormData {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  if (bytes.byteLength > MAX_UPLOAD_BYTES)
    throw new KiteError(
      'INVALID_ARGUMENT',
      `${fileName} is ${bytes.byteLength} bytes; KFP accepts at most 32 MiB`,
    );
  if (!/\.(ya?ml|json|zip|tar\.gz|tgz)$/.test(fileName))
    throw new KiteError(
      'INVALID_ARGUMENT',
      `KFP reads uploads by extension; '${fileName}' has none it knows`,
      {
        hint: 'name the file *.yaml, *.yml or *.json',
      },
    );
  const form = new FormData();
  form.append('uploadfile', new Blob([bytes], { type: 'application/octet-stream' }), fileName);
  return form;
}

/** Pipelines of one KFP server. */
export class PipelinesApi {
  constructor(private readonly http: HttpTransport) {}

  list(options: ListOptions = {}): Promise<Page<Pipeline>> {
    return listPage<Pipeline>(this.http, BASE, 'pipelines', options);
  }

  all(options: ListOptions = {}): AsyncGenerator<Pipeline> {
    return listAll((pageToken) => this.list(pageToken ? { ...options, pageToken } : options));
  }

  get(pipelineId: string): Promise<Pipeline> {
    return this.http.request<Pipeline>('GET', `${BASE}/${encodeURIComponent(pipelineId)}`, {
      what: `pipeline ${pipelineId}`,
    });
  }

  /** A pipeline by its unique name (in a namespace), or undefined. */
  async findByName(name: string, namespace?: string): Promise<Pipeline | undefined> {
    try {
      return await this.http.request<Pipeline>('GET', `${BASE}/names/${encodeURIComponent(name)}`, {
        query: { namespace },
        what: `pipeline '${name}'`,
      });
    } catch (err) {
      if (err instanceof KiteError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  /** Deletes a pipeline; `cascade` deletes its versions too. */
  async delete(pipelineId: string, cascade = false): Promise<void> {
    await this.http.request('DELETE', `${BASE}/${encodeURIComponent(pipelineId)}`, {
      query: { cascade: cascade || undefined },
      what: `pipeline ${pipelineId}`,
    });
  }

  /** Uploads a compiled pipeline file as a new pipeline (its first version). */
  upload(content: string | Uint8Array, options: UploadOptions): Promise<Pipeline> {
    return this.http.request<Pipeline>('POST', `${BASE}/upload`, {
      form: uploadForm(content, options.fileName ?? 'pipeline.yaml'),
      query: {
        name: options.name,
        display_name: options.displayName,
        description: options.description,
        namespace: options.namespace,
        tags: options.tags ? JSON.stringify(options.tags) : undefined,
        code_source_url: options.codeSourceUrl,
      },
      retry: false,
      badRequest: 'INVALID_SPEC',
    });
  }

  /** Uploads a compiled pipeline file as a new version of a pipeline. */
  uploadVersion(content: string | Uint8Array, pipelineId: string, options: Omit<UploadOptions, 'namespace'>) {
    return this.http.request<PipelineVersion>('POST', `${BASE}/upload_version`, {
      form: uploadForm(content, options.fileName ?? 'pipeline.yaml'),
      query: {
        name: options.name,
        display_name: options.displayName,
        pipelineid: pipelineId,
        description: options.description,
        tags: options.tags ? JSON.stringify(options.tags) : undefined,
        code_source_url: options.codeSourceUrl,
      },
      retry: false,
      badRequest: 'INVALID_SPEC',
      what: `pipeline ${pipelineId}`,
    });
  }

  listVersions(pipelineId: string, options: ListOptions = {}): Promise<Page<PipelineVersion>> {
    const { namespace: _ignored, ...rest } = options;
    return listPage<PipelineVersion>(
      this.http,
      `${BASE}/${encodeURIComponent(pipelineId)}/versions`,
      'pipeline_versions',
      rest,
    );
  }

  allVersions(pipelineId: string, options: ListOptions = {}): AsyncGenerator<PipelineVersion> {
    return listAll((pageToken) =>
      this.listVersions(pipelineId, pageToken ? { ...options, pageToken } : options),
    );
  }

  getVersion(pipelineId: string, versionId: string): Promise<PipelineVersion> {
    return this.http.request<PipelineVersion>(
      'GET',
      `${BASE}/${encodeURIComponent(pipelineId)}/versions/${encodeURIComponent(versionId)}`,
      { what: `version ${versionId} of pipeline ${pipelineId}` },
    );
  }

  async deleteVersion(pipelineId: string, versionId: string): Promise<void> {
    await this.http.request(
      'DELETE',
      `${BASE}/${encodeURIComponent(pipelineId)}/versions/${encodeURIComponent(versionId)}`,
      { what: `version ${versionId} of pipeline ${pipelineId}` },
    );
  }

  /** A version of a pipeline by name, or undefined. */
  async findVersion(pipelineId: string, name: string): Promise<PipelineVersion | undefined> {
    for await (const v of this.allVersions(pipelineId, { pageSize: 100 }))
      if (v.name === name || v.display_name === name) return v;
    return undefined;
  }
}
