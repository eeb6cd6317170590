/**
 * Small helpers over the `yaml` package's node tree, so that every finding can say
 * `file:line:col`.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Location } from './model.js';

/** Turns a node's start offset into a {@link Location}. */
export function locate(file: string, counter: LineCounter, node: unknown): Location {
  const range = (node as Node | null)?.range;
  const pos = counter.linePos(range ? range[0] : 0);
  return { file, line: pos.line, col: pos.col };
}

/** `file:line:col`. */
export function where(loc: Location): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** The pairs of a map node (empty for anything else). */
export function pairsOf(node: unknown): Pair<unknown, unknown>[] {
  return isMap(node) ? (node as YAMLMap<unknown, unknown>).items : [];
}

/** The string form of a scalar key/value, or undefined. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Plain JS value of a node. */
export function plain(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node) || isMap(node) || isSeq(node)) return (node as { toJSON(): unknown }).toJSON();
  return node;
}
