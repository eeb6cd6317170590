import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Matched, SwaggerValidator } from './swagger.js';

const FIXTURES = fileURLToPath(new URL('../../src/kubeflow/fixtures/', import.meta.url));
const v = new SwaggerValidator(
  ['run', 'pipeline', 'pipeline.upload', 'experiment', 'recurring_run', 'filter'].map(
    (f) => `${FIXTURES}${f}.swagger.json`,
  ),
);

function route(method: string, path: string): Matched {
  const m = v.match(method, path);
  if (m === undefined || m === 'method') throw new Error(`no route ${method} ${path}`);
  return m;
}

describe('the fakes request gate (swagger 2.0)', () => {
  it('matches routes, literal segments before templates, and custom verbs', () => {
    expect(route('POST', '/apis/v2beta1/pipelines/upload').operationId).toBe('UploadPipeline');
    expect(route('GET', '/apis/v2beta1/pipelines/abc').pathParams).toEqual({ pipeline_id: 'abc' });
    expect(route('POST', '/apis/v2beta1/runs/r1:terminate').operationId).toBe('RunService_TerminateRun');
    expect(v.match('PUT', '/apis/v2beta1/runs')).toBe('method');
    expect(v.match('GET', '/apis/v1beta1/runs')).toBeUndefined();
  });

  it('rejects unknown, mistyped and missing parameters', () => {
    const list = route('GET', '/apis/v2beta1/runs');
    expect(v.check(list, 'GET', new URLSearchParams('page_size=ten&pageSize=3'), undefined)).toEqual([
      "query.page_size: 'ten' is not an integer",
      "unknown query parameter 'pageSize'",
    ]);
    const create = route('POST', '/apis/v2beta1/runs');
    expect(v.check(create, 'POST', new URLSearchParams(), undefined)).toEqual(["missing JSON body 'run'"]);
    const upload = route('POST', '/apis/v2beta1/pipelines/upload');
    expect(v.check(upload, 'POST', new URLSearchParams(), { form: new Map([['file', 'x']]) })).toEqual([
      "missing form field 'uploadfile'",
      "unknown form field 'file'",
    ]);
    const terminate = route('POST', '/apis/v2beta1/runs/r1:terminate');
    expect(v.check(terminate, 'POST', new URLSearchParams(), { json: {} })).toEqual([
      'this operation takes no body',
    ]);
  });

  it('checks bodies deeply: unknown fields, enums, int64 strings, timestamps, nested arrays', () => {
    const create = route('POST', '/apis/v2beta1/recurringruns');
    const problems = v.check(create, 'POST', new URLSearchParams(), {
      json: {
        display_name: 'r',
        max_concurrency: '2',
        mode: 'ON',
        trigger: { cron_schedule: { cron: '0 0 * * * *', start_time: 'yesterday' }, periodicSchedule: {} },
        runtime_config: { parameters: { anything: [1, { x: 2 }] } },
      },
    });
    expect(problems).toEqual([
      'recurring_run.mode: "ON" is not one of MODE_UNSPECIFIED, ENABLE, DISABLE',
      "recurring_run.trigger.cron_schedule.start_time: 'yesterday' is not an RFC 3339 time",
      "recurring_run.trigger: unknown field 'periodicSchedule'",
    ]);
    expect(
      v.value(
        { predicates: [{ operation: 'EQUALS', key: 'k', int_value: 1.5 }] },
        { $ref: '#/definitions/v2beta1Filter' },
        'filter',
      ),
    ).toEqual(['filter.predicates[0].int_value: expected an integer, got 1.5']);
  });
});
