/**
 * Ranks with ties given their average rank (SciPy's `rankdata(method='average')`), 1-based.
 *
 * @example
 * ```ts
 * rankAverage([10, 20, 10]); // [1.5, 3, 1.5]
 * ```
 */
export function rankAverage(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    // Positions start..end-1 (0-based) hold ranks start+1..end; their average:
    const avg = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = avg;
    start = end;
  }
  return ranks;
}

/** Sizes of the groups of tied values (only groups of 2 or more). */
export function tieGroupSizes(values: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}
