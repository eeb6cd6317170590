/**
 * The token hierarchy of shap's text masker (`partition_tree`): adjacent token groups are
 * merged greedily by a heuristic score that joins word pieces first ("##"), then apostrophe
 * endings, reaches across connectors, commas and sentence ends late, keeps brackets balanced,
 * keeps control tokens ("[CLS]") apart, and prefers small groups (−(len₁ + len₂)). The distance
 * column is then each group's size over the largest size.
 */
import type { Linkage } from '../masker.js';

const OPENERS: Record<string, string> = { '(': ')' };
const CLOSERS: Record<string, string> = { ')': '(' };
const CONNECTORS = new Set(['but', 'and', 'or']);
const SENTENCE_ENDS = new Set(['.', '?', '!']);

interface Tok {
  s: string;
  balanced: boolean;
}

/** shap's `merge_score` of two adjacent groups. */
export function mergeScore(g1: readonly Tok[], g2: readonly Tok[], special?: ReadonlySet<string>): number {
  let score = 0;
  const last1 = g1[g1.length - 1] as Tok;
  const first1 = g1[0] as Tok;
  const first2 = g2[0] as Tok;
  const last2 = g2[g2.length - 1] as Tok;
  if (special?.has(last1.s) && special.has(first2.s)) score -= Number.POSITIVE_INFINITY;
  if (first2.s.startsWith('##')) score += 20;
  if (first2.s === "'" && (g2.length === 1 || (g2.length === 2 && ['t', 's'].includes((g2[1] as Tok).s))))
    score += 15;
  if (last1.s === "'" && ['t', 's'].includes(first2.s)) score += 15;
  const isCtrl = (t: Tok) => t.s.startsWith('[') && t.s.endsWith(']');
  const startCtrl = isCtrl(first1);
  const endCtrl = isCtrl(last2);
  if (startCtrl !== endCtrl) score -= 1000;
  if (first2.s in OPENERS && !first2.balanced) score -= 100;
  if (last1.s in CLOSERS && !last1.balanced) score -= 100;
  if (first1.s in OPENERS && !(last2.s in CLOSERS)) score -= 2;
  if (CONNECTORS.has(last1.s) || CONNECTORS.has(first2.s)) score -= 2;
  if (last1.s === ',') score -= 10;
  if (first2.s === ',') score -= g2.length > 1 ? 10 : 1;
  if (SENTENCE_ENDS.has(last1.s)) score -= 20;
  if (SENTENCE_ENDS.has(first2.s)) score -= g2.length > 1 ? 20 : 1;
  score -= g1.length + g2.length;
  return score;
}

/**
 * Builds the token hierarchy for decoded tokens (whitespace-trimmed token strings).
 *
 * @example
 * ```ts
 * textPartitionTree(['I', 'like', 'it', '.']);
 * ```
 */
export function textPartitionTree(tokens: readonly string[], specialTokens?: readonly string[]): Linkage {
  const M = tokens.length;
  const special = specialTokens ? new Set(specialTokens) : undefined;
  const groups = tokens.map((t, i) => ({
    toks: [{ s: t.trim(), balanced: !(t.trim() in OPENERS || t.trim() in CLOSERS) }],
    index: i,
  }));
  const rows: [number, number, number, number][] = [];
  const sizeOf = (id: number) => (id < M ? 1 : (rows[id - M]?.[3] ?? 1));
  while (groups.length > 1) {
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < groups.length - 1; i++) {
      const s = mergeScore(
        (groups[i] as { toks: Tok[] }).toks,
        (groups[i + 1] as { toks: Tok[] }).toks,
        special,
      );
      if (s > bestScore || (i === 0 && bestScore === Number.NEGATIVE_INFINITY)) {
        bestScore = s;
        best = i;
      }
    }
    const a = groups[best] as { toks: Tok[]; index: number };
    const b = groups[best + 1] as { toks: Tok[]; index: number };
    const size = sizeOf(a.index) + sizeOf(b.index);
    rows.push([a.index, b.index, 0, size]);
    const merged = { toks: [...a.toks, ...b.toks], index: M + rows.length - 1 };
    const open = merged.toks[0] as Tok;
    const close = merged.toks[merged.toks.length - 1] as Tok;
    if (open.s in OPENERS && close.s === OPENERS[open.s]) {
      open.balanced = true;
      close.balanced = true;
    }
    groups.splice(best, 2, merged);
  }
  const max = Math.max(1, ...rows.map((r) => r[3]));
  for (const r of rows) r[2] = r[3] / max;
  return rows;
}
