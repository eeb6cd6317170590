/**
 * Parses a SodaCL checks file (YAML) into a {@link ChecksFile}, keeping `file:line:col` for
 * every check and returning every problem as an {@link Issue}.
 */
import { dirname } from 'node:path';
import { isMap, isSeq, LineCounter, type Pair, parseDocument } from 'yaml';
import type { Issue } from '../core/index.js';
import { parseCheckLine } from './check-line.js';
import type { Check, ChecksFile, ForEachDataset, Location, ValidityConfig } from './model.js';
import { buildCheck, type CheckContext } from './parse-check.js';
import { setValidityKey, VALIDITY_KEYS } from './parse-config.js';
import { suggest } from './suggest.js';
import { locate, pairsOf, plain, scalarText, where } from './yaml-nodes.js';

/** Options of {@link parseChecks}. */
export interface ParseOptions {
  /** Name used in locations (default `checks.yml`). */
  file?: string;
  /** Directory that `sql_file:` paths are relative to (default: the file's directory). */
  baseDir?: string;
}

/** The parsed file plus every finding (errors make the scan exit 3). */
export interface ParseResult {
  checks: ChecksFile;
  issues: Issue[];
}

const CLOUD_SECTIONS = [
  'automated monitoring',
  'profile columns',
  'discover datasets',
  'discover tables',
  'sample datasets',
  'sample tables',
];
const SECTIONS = [
  'checks for ',
  'filter ',
  'configurations for ',
  'for each dataset ',
  'variables',
  'checks',
];
// A dataset name: bare, or quoted with double quotes/backticks (then spaces are allowed).
const DATASET = '("(?:[^"]|\\\\")+"|`[^`]+`|[^\\s[\\]]+)';
const CHECKS_FOR = new RegExp(`^checks for ${DATASET}(?: \\[([^\\]]+)\\])?$`);
const FILTER = new RegExp(`^filter ${DATASET} \\[([^\\]]+)\\]$`);
const CONFIGURATIONS = new RegExp(`^configurations for ${DATASET}$`);
const FOR_EACH = /^for each (dataset|table) (\S+)$/;

/**
 * Parses SodaCL text.
 *
 * @example
 * ```ts
 * const { checks, issues } = parseChecks('checks for t:\n  - row_count > 0\n', { file: 'checks.yml' });
 * checks.checks[0]; // {kind: 'metric', metric: 'row_count', location: {file: 'checks.yml', line: 2, col: 5}, ...}
 * ```
 */
export function parseChecks(text: string, options: ParseOptions = {}): ParseResult {
  const file = options.file ?? 'checks.yml';
  const baseDir = options.baseDir ?? dirname(file);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false, uniqueKeys: false });
  const issues: Issue[] = [];
  const out: ChecksFile = { file, checks: [], filters: {}, configurations: {}, variables: {}, forEach: [] };
  const at = (node: unknown): Location => locate(file, counter, node);
  const issue = (message: string, node: unknown, severity: 'error' | 'warning' = 'error'): void => {
    issues.push({ code: 'SODACL', path: where(at(node)), message, severity });
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = counter.linePos(e.pos[0]);
      issues.push({
        code: 'YAML',
        path: `${file}:${pos.line}:${pos.col}`,
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      });
    }
    return { checks: out, issues };
  }
  if (doc.contents === null) return { checks: out, issues };
  if (!isMap(doc.contents)) {
    issue('a checks file is a YAML mapping of sections such as "checks for <dataset>:"', doc.contents);
    return { checks: out, issues };
  }
  const readChecks = (
    node: unknown,
    header: string,
    table: string | undefined,
    partition?: string,
  ): Check[] => {
    const list: Check[] = [];
    if (!isSeq(node)) {
      issue(
        `Skipping section '${header}' because its content is not a list: write each check as '  - <check>'`,
        node,
      );
      return list;
    }
    for (const item of node.items) {
      const entry = readEntry(item);
      if (!entry) continue;
      const { text: source, pairs, keyNode } = entry;
      const location = at(keyNode);
      const errors: string[] = [];
      const ctx: CheckContext = {
        ...(table !== undefined ? { table } : {}),
        ...(partition !== undefined ? { partition } : {}),
        header,
        location,
        baseDir,
        report: (message, n, severity = 'error') => {
          if (severity === 'error') errors.push(message);
          issue(message, n ?? keyNode, severity);
        },
      };
      // `- attributes: {...}` sets Soda Cloud attributes of the following checks: nothing to run.
      if (source === 'attributes' && pairs.length > 0) continue;
      const line = parseCheckLine(source);
      const invalid = (messages: string[]): Check => ({
        kind: 'invalid',
        source,
        location,
        definition: `${header}:\n  - ${source}`,
        errors: messages,
        ...(table !== undefined ? { table } : {}),
        ...(partition !== undefined ? { partition } : {}),
      });
      if (!line.ok) {
        issue(line.message, keyNode);
        list.push(invalid([line.message]));
        continue;
      }
      const check = buildCheck(source, line.line, pairs, ctx);
      if (check) list.push(errors.length ? { ...check, errors } : check);
      else if (errors.length) list.push(invalid(errors));
    }
    return list;
  };
  const readEntry = (item: unknown): { text: string; pairs: Pair[]; keyNode: unknown } | undefined => {
    const text = scalarText(item);
    if (text !== undefined) return { text, pairs: [], keyNode: item };
    const pairs = pairsOf(item);
    const first = pairs[0];
    const key = first ? scalarText(first.key) : undefined;
    if (!first || key === undefined) {
      issue('a check is a string or a single-key map "<check>: {configuration}"', item);
      return undefined;
    }
    if (pairs.length > 1) {
      issue(`ignoring keys next to '${key}': is your indentation correct?`, pairs[1]?.key, 'warning');
    }
    if (first.value !== null && !isMap(first.value)) {
      issue(`the configuration of '${key}' must be a map of keys`, first.value);
      return { text: key, pairs: [], keyNode: first.key };
    }
    return { text: key, pairs: pairsOf(first.value), keyNode: first.key };
  };

  for (const pair of doc.contents.items) {
    const header = scalarText(pair.key) ?? '';
    const checksFor = CHECKS_FOR.exec(header);
    const filter = FILTER.exec(header);
    const configurations = CONFIGURATIONS.exec(header);
    const forEach = FOR_EACH.exec(header);
    if (header === 'variables') {
      for (const v of pairsOf(pair.value)) {
        const name = scalarText(v.key);
        const value = plain(v.value);
        if (name !== undefined) out.variables[name] = value == null ? '' : String(value);
      }
    } else if (header === 'checks') {
      out.checks.push(...readChecks(pair.value, header, undefined));
    } else if (checksFor) {
      out.checks.push(...readChecks(pair.value, header, checksFor[1]!, checksFor[2]));
    } else if (filter) {
      const m = filter;
      const where = plain(pair.value) as { where?: unknown } | null;
      if (typeof where?.where !== 'string')
        issue(`filter '${header}' needs 'where: <SQL condition>'`, pair.key);
      else out.filters[`${m[1]} [${m[2]}]`] = where.where;
    } else if (configurations) {
      const table = configurations[1]!;
      const byColumn: Record<string, ValidityConfig> = out.configurations[table] ?? {};
      out.configurations[table] = byColumn;
      for (const c of pairsOf(pair.value)) {
        const key = scalarText(c.key) ?? '';
        const km = /^(.+) for (\S+)$/.exec(key);
        if (!km || !(km[1]! in VALIDITY_KEYS)) {
          const s = suggest(km?.[1] ?? key, Object.keys(VALIDITY_KEYS));
          issue(
            `unknown column configuration '${key}': write '<key> for <column>'${s ? `, e.g. '${s} for ...'` : ''}`,
            c.key,
          );
          continue;
        }
        const cfg = byColumn[km[2]!] ?? {};
        byColumn[km[2]!] = cfg;
        const problem = setValidityKey(cfg, km[1]!, plain(c.value));
        if (problem) issue(problem, c.value);
      }
    } else if (forEach) {
      const m = forEach;
      if (m[1] === 'table')
        issue("'for each table' is deprecated: write 'for each dataset'", pair.key, 'warning');
      out.forEach.push(readForEach(pair, m[2]!, header));
    } else if (header.startsWith('for each column')) {
      issue("'for each column' is not implemented (as in Soda Core)", pair.key);
    } else if (CLOUD_SECTIONS.includes(header)) {
      issue(`section '${header}' needs Soda Cloud; skipped`, pair.key, 'warning');
    } else {
      const s = suggest(
        header.split(' ').slice(0, 2).join(' '),
        SECTIONS.map((x) => x.trim()),
      );
      issue(
        `Invalid section header '${header}'.${s ? ` Did you mean '${s} ...'?` : ''} Sections are 'checks for <dataset>', 'filter <dataset> [<name>]', 'configurations for <dataset>', 'for each dataset <ALIAS>', 'variables', 'checks'.`,
        pair.key,
      );
    }
  }
  return { checks: out, issues };

  function readForEach(pair: Pair, alias: string, header: string): ForEachDataset {
    const include: string[] = [];
    const exclude: string[] = [];
    let checks: Check[] = [];
    for (const p of pairsOf(pair.value)) {
      const key = scalarText(p.key);
      if (key === 'datasets' || key === 'tables') {
        const list = plain(p.value);
        if (!Array.isArray(list)) issue(`'${key}' must be a list of dataset patterns`, p.value);
        else
          for (const raw of list.map(String)) {
            if (raw.startsWith('exclude ')) exclude.push(raw.slice(8).trim());
            else include.push(raw.startsWith('include ') ? raw.slice(8).trim() : raw.trim());
          }
      } else if (key === 'checks') {
        checks = readChecks(p.value, header, `\${${alias}}`);
      } else issue(`unknown key '${key}' in '${header}': expected 'datasets' and 'checks'`, p.key);
    }
    return { alias, include, exclude, checks, location: at(pair.key) };
  }
}
