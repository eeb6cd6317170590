/**
 * A strict validator for Swagger 2.0 operations, as the fakes' request gate: route matching,
 * path/query/form/body parameters, and JSON bodies against `definitions` with unknown fields
 * rejected (protojson with DiscardUnknown: false, as the KFP API server parses).
 */
import { readFileSync } from 'node:fs';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
};

interface Param {
  name: string;
  in: 'path' | 'query' | 'body' | 'formData';
  required?: boolean;
  type?: string;
  format?: string;
  schema?: Schema;
}

interface Operation {
  method: string;
  template: string;
  regex: RegExp;
  pathNames: string[];
  params: Param[];
  operationId: string;
}

export interface SwaggerDoc {
  paths?: Record<string, Record<string, { parameters?: Param[]; operationId?: string }>>;
  definitions?: Record<string, Schema>;
}

/** Where a validated request goes and what it carried. */
export interface Matched {
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
}

export class SwaggerValidator {
  private readonly ops: Operation[] = [];
  private readonly defs: Record<string, Schema> = {};

  constructor(files: string[], options: { allowFreeObjects?: string[] } = {}) {
    this.free = new Set(options.allowFreeObjects ?? []);
    for (const file of files) {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as SwaggerDoc;
      Object.assign(this.defs, doc.definitions ?? {});
      for (const [template, methods] of Object.entries(doc.paths ?? {})) {
        for (const [method, op] of Object.entries(methods)) {
          const pathNames: string[] = [];
          const pattern = template
            .split(/(\{[^}]+\})/)
            .map((part) => {
              if (part.startsWith('{')) {
                pathNames.push(part.slice(1, -1));
                return '([^/:]+)';
              }
              return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            })
            .join('');
          this.ops.push({
            method: method.toUpperCase(),
            template,
            regex: new RegExp(`^${pattern}$`),
            pathNames,
            params: op.parameters ?? [],
            operationId: op.operationId ?? template,
          });
        }
      }
    }
    // Literal routes before templated ones (`/pipelines/upload` before `/pipelines/{id}`).
    this.ops.sort((a, b) => a.pathNames.length - b.pathNames.length);
  }

  private readonly free: Set<string>;

  /** Finds the operation of a request; `undefined` = no such route (404), `'method'` = 405. */
  match(method: string, path: string): Matched | 'method' | undefined {
    let pathOnly = false;
    for (const op of this.ops) {
      const m = op.regex.exec(path);
      if (!m) continue;
      if (op.method !== method) {
        pathOnly = true;
        continue;
      }
      const pathParams: Record<string, string> = {};
      op.pathNames.forEach((n, i) => {
        pathParams[n] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { operationId: op.operationId, template: op.template, pathParams };
    }
    return pathOnly ? 'method' : undefined;
  }

  /** All problems of a request to a matched operation. */
  check(
    matched: Matched,
    method: string,
    query: URLSearchParams,
    body: { json?: unknown; form?: Map<string, unknown> } | undefined,
  ): string[] {
    const op = this.ops.find((o) => o.template === matched.template && o.method === method);
    if (!op) return ['no operation'];
    const problems: string[] = [];
    for (const key of new Set(query.keys())) {
      const p = op.params.find((x) => x.in === 'query' && x.name === key);
      if (!p) problems.push(`unknown query parameter '${key}'`);
      else problems.push(...this.scalar(query.get(key) ?? '', p, `query.${key}`));
    }
    for (const p of op.params) {
      if (p.in === 'query' && p.required && !query.has(p.name))
        problems.push(`missing query parameter '${p.name}'`);
      if (p.in === 'formData' && p.required && !body?.form?.has(p.name))
        problems.push(`missing form field '${p.name}'`);
    }
    const bodyParam = op.params.find((p) => p.in === 'body');
    if (bodyParam?.schema) {
      if (body?.json === undefined) problems.push(`missing JSON body '${bodyParam.name}'`);
      else problems.push(...this.value(body.json, bodyParam.schema, bodyParam.name));
    } else if (body?.json !== undefined && !op.params.some((p) => p.in === 'formData')) {
      // grpc-gateway ignores a body on body-less routes; the client should not send one.
      problems.push('this operation takes no body');
    }
    if (body?.form) {
      for (const key of body.form.keys())
        if (!op.params.some((p) => p.in === 'formData' && p.name === key))
          problems.push(`unknown form field '${key}'`);
    }
    return problems;
  }

  private scalar(raw: string, p: { type?: string; format?: string }, where: string): string[] {
    if (p.type === 'integer' && !/^-?\d+$/.test(raw)) return [`${where}: '${raw}' is not an integer`];
    if (p.type === 'boolean' && !/^(true|false)$/.test(raw)) return [`${where}: '${raw}' is not a boolean`];
    return [];
  }

  /** Problems of a JSON value against a schema. */
  value(v: unknown, schema: Schema, where: string): string[] {
    if (schema.$ref) {
      const name = schema.$ref.replace('#/definitions/', '');
      const def = this.defs[name];
      if (!def) return this.free.has(name) ? [] : [`${where}: schema ${name} is not defined`];
      return this.value(v, def, where);
    }
    if (v === null) return [];
    if (schema.enum)
      return typeof v === 'string' && schema.enum.includes(v)
        ? []
        : [`${where}: ${JSON.stringify(v)} is not one of ${schema.enum.join(', ')}`];
    switch (schema.type) {
      case 'string':
        if (schema.format === 'int64' || schema.format === 'uint64')
          return (typeof v === 'string' && /^-?\d+$/.test(v)) || Number.isInteger(v)
            ? []
            : [`${where}: ${JSON.stringify(v)} is not an int64`];
        if (typeof v !== 'string') return [`${where}: expected a string, got ${JSON.stringify(v)}`];
        if (schema.format === 'date-time' && Number.isNaN(Date.parse(v)))
          return [`${where}: '${v}' is not an RFC 3339 time`];
        return [];
      case 'integer':
        return Number.isInteger(v) ? [] : [`${where}: expected an integer, got ${JSON.stringify(v)}`];
      case 'number':
        return typeof v === 'number' ? [] : [`${where}: expected a number, got ${JSON.stringify(v)}`];
      case 'boolean':
        return typeof v === 'boolean' ? [] : [`${where}: expected a boolean, got ${JSON.stringify(v)}`];
      case 'array':
        if (!Array.isArray(v)) return [`${where}: expected an array`];
        return schema.items
          ? v.flatMap((x, i) => this.value(x, schema.items as Schema, `${where}[${i}]`))
          : [];
      default: {
        if (schema.type === 'object' || schema.properties) {
          if (typeof v !== 'object' || Array.isArray(v)) return [`${where}: expected an object`];
          const obj = v as Record<string, unknown>;
          const out: string[] = [];
          for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${where}.${r}: required`);
          if (!schema.properties) {
            const ap = schema.additionalProperties;
            if (ap && typeof ap === 'object')
              for (const [k, x] of Object.entries(obj)) out.push(...this.value(x, ap, `${where}.${k}`));
            return out;
          }
          for (const [k, x] of Object.entries(obj)) {
            const prop = schema.properties[k];
            if (!prop) out.push(`${where}: unknown field '${k}'`);
            else out.push(...this.value(x, prop, `${where}.${k}`));
          }
          return out;
        }
        return [];
      }
    }
  }
}
