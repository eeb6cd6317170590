/**
 * The row selection every ranked plot shares: order features by importance and fold the tail
 * into one row when there are more than `maxDisplay` (shap: the top `maxDisplay − 1` stay, the
 * rest become "N other features" in waterfall, "Sum of N other features" elsewhere).
 */

/** One displayed row: a feature, or the folded tail (`indices.length > 1`). */
export interface RankedRow {
  label: string;
  /** Feature indices behind this row. */
  indices: number[];
  folded: boolean;
}

/** Ranks features by `importance` (descending, stable) and folds the tail. */
export function rankRows(
  importance: readonly number[],
  names: readonly string[],
  maxDisplay: number,
  foldLabel: (count: number) => string,
): RankedRow[] {
  const order = importance
    .map((_, i) => i)
    .sort((a, b) => (importance[b] as number) - (importance[a] as number) || a - b);
  const M = order.length;
  if (M <= maxDisplay)
    return order.map((i) => ({ label: names[i] ?? `Feature ${i}`, indices: [i], folded: false }));
  const keep = Math.max(0, maxDisplay - 1);
  const rows: RankedRow[] = order
    .slice(0, keep)
    .map((i) => ({ label: names[i] ?? `Feature ${i}`, indices: [i], folded: false }));
  const rest = order.slice(keep);
  rows.push({ label: foldLabel(rest.length), indices: rest, folded: true });
  return rows;
}
