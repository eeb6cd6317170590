/**
 * Reading a compiled pipeline file: YAML (one or two documents, the second being the
 * PlatformSpec) or JSON. Syntax errors come back as issues at `file:line:column`; the parsed
 * result can locate any field path in the source, so validation issues can point at lines too.
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  parseDocument,
} from 'yaml';
import { fail, formatIssues, type Issue, KiteError, ok, type Result } from '../core/index.js';
import { normalizeMessage } from './normalize.js';
import { formatPath, isObject } from './structure.js';
import type { PipelineDocument, PipelineSpec, PlatformSpec } from './types.js';

/** A parsed pipeline file. */
export interface ParsedPipeline extends PipelineDocument {
  fileName: string;
  /** Informational findings of the parse (proto names and enum numbers rewritten). */
  warnings: Issue[];
  /** 1-based line and column of a field path (as in issue paths), or of its nearest ancestor. */
  locate(path: string): { line: number; col: number } | undefined;
}

/**
 * Parses a compiled pipeline (YAML or JSON) and throws a `KiteError('INVALID_YAML')` listing
 * every syntax problem at `file:line:column`. The spec is not validated: call
 * {@link validatePipelineSpec} (or {@link locateIssues} + it) next.
 *
 * @example
 * ```ts
 * const parsed = parsePipelineSpec(readFileSync('p.yaml', 'utf8'), 'p.yaml');
 * const issues = locateIssues(validatePipelineSpec(parsed.spec), parsed);
 * ```
 */
export function parsePipelineSpec(text: string, fileName: string): ParsedPipeline {
  const result = tryParsePipelineSpec(text, fileName);
  if (!result.ok) {
    const n = result.issues.length;
    throw new KiteError(
      'INVALID_YAML',
      `cannot read ${fileName}: ${n} ${n === 1 ? 'problem' : 'problems'}\n${formatIssues(result.issues)}`,
      {
        issues: result.issues,
      },
    );
  }
  return result.value;
}

/** {@link parsePipelineSpec} returning a {@link Result} instead of throwing. */
export function tryParsePipelineSpec(text: string, fileName: string): Result<ParsedPipeline> {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '')
    return fail([{ code: 'IR_EMPTY', path: fileName, message: 'the file is empty', severity: 'error' }]);
  return trimmed.startsWith('{') ? parseJson(text, fileName) : parseYaml(text, fileName);
}

/** Rewrites each issue's path to `file:line:col path` using the positions of a parsed file. */
export function locateIssues(
  issues: readonly Issue[],
  parsed: Pick<ParsedPipeline, 'fileName' | 'locate'>,
): Issue[] {
  return issues.map((i) => {
    const pos = parsed.locate(i.path);
    const where = pos === undefined ? parsed.fileName : `${parsed.fileName}:${pos.line}:${pos.col}`;
    return { ...i, path: `${where} ${i.path}` };
  });
}

function parseJson(text: string, fileName: string): Result<ParsedPipeline> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at?.[1] === undefined ? fileName : `${fileName}:${lineCol(text, Number(at[1]))}`;
    return fail([
      { code: 'IR_JSON_SYNTAX', path: where, message: `invalid JSON: ${message}`, severity: 'error' },
    ]);
  }
  // JSON is YAML: read it once more with the YAML parser only to learn field positions.
  const positions = new Map<string, { line: number; col: number }>();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (duplicates.length > 0) {
    // JSON.parse keeps the last value silently; protojson rejects duplicate fields.
    return fail(
      duplicates.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          code: 'IR_DUPLICATE_FIELD',
          path: `${fileName}:${pos.line}:${pos.col}`,
          message: 'duplicate key (KFP rejects it)',
          severity: 'error',
        };
      }),
    );
  }
  if (doc.errors.length === 0) record(doc.contents, [], positions, lineCounter);
  return build([value], fileName, (path) => positions.get(path));
}

function parseYaml(text: string, fileName: string): Result<ParsedPipeline> {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const issues: Issue[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const pos = lineCounter.linePos(e.pos[0]);
      issues.push({
        code: `YAML_${e.code}`,
        path: `${fileName}:${pos.line}:${pos.col}`,
        message: e.message.split('\n')[0] ?? e.message,
        severity: 'error',
      });
    }
  }
  if (issues.length > 0) return fail(issues);
  const positions = new Map<string, { line: number; col: number }>();
  // Empty documents (a stray `---` at the start or end) are skipped.
  const nonEmpty = list.filter(
    (doc) => doc.contents !== null && !(isScalar(doc.contents) && doc.contents.value === null),
  );
  const values = nonEmpty.map((doc, i) => {
    record(doc.contents, i === 0 ? [] : ['platformSpec'], positions, lineCounter);
    return (doc as Document).toJS({ maxAliasCount: 1000 }) as unknown;
  });
  return build(values, fileName, (path) => positions.get(path));
}

function build(
  values: unknown[],
  fileName: string,
  find: (path: string) => { line: number; col: number } | undefined,
): Result<ParsedPipeline> {
  const fileIssue = (message: string): Result<ParsedPipeline> =>
    fail([{ code: 'IR_DOCUMENTS', path: fileName, message, severity: 'error' }]);
  if (values.length === 0) return fileIssue('the file holds no document');
  if (values.length > 2)
    return fileIssue(`expected 1 or 2 documents (PipelineSpec, PlatformSpec), found ${values.length}`);
  const [first, second] = values;
  if (!isObject(first))
    return fileIssue('the first document must be a PipelineSpec mapping (pipelineInfo, root, ...)');
  if (values.length === 2 && !isObject(second))
    return fileIssue('the second document must be a PlatformSpec mapping (platforms: ...)');
  const renamed: string[] = [];
  const spec = normalizeMessage(first, 'PipelineSpec', renamed) as PipelineSpec;
  const platformSpec =
    second === undefined ? undefined : (normalizeMessage(second, 'PlatformSpec', renamed) as PlatformSpec);
  const warnings: Issue[] = renamed.map((r) => ({
    code: 'IR_NORMALIZED',
    path: fileName,
    message: `read ${r} (KFP accepts it; Kite writes the lowerCamelCase name / enum name)`,
    severity: 'warning',
  }));
  const locate = (path: string) => {
    let p: string | undefined = path;
    while (p !== undefined && p !== '') {
      const pos = find(p);
      if (pos !== undefined) return pos;
      p = parentPath(p);
    }
    return find('(document)');
  };
  return ok({ spec, ...(platformSpec === undefined ? {} : { platformSpec }), fileName, warnings, locate });
}

const LAST_SEGMENT = /(\.[A-Za-z0-9_-]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/;

function parentPath(path: string): string | undefined {
  const m = LAST_SEGMENT.exec(path);
  if (m === null) return undefined;
  return path.slice(0, m.index);
}

/** Records the position of every mapping key (and sequence item) under `path`. */
function record(
  node: unknown,
  path: (string | number)[],
  out: Map<string, { line: number; col: number }>,
  lc: LineCounter,
): void {
  const at = (n: Node | null | undefined) => (n?.range ? lc.linePos(n.range[0]) : undefined);
  if (path.length === 0) {
    const pos = at(node as Node);
    if (pos) out.set('(document)', pos);
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const childPath = [...path, key];
      const pos = at(pair.key as Node);
      if (pos) out.set(formatPath(childPath), pos);
      record(pair.value, childPath, out, lc);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const childPath = [...path, i];
      const pos = at(item as Node);
      if (pos) out.set(formatPath(childPath), pos);
      record(item, childPath, out, lc);
    });
  }
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}
