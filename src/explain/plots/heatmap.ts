/**
 * Heatmap plot (shap's `plots.heatmap`): rows are features ordered by mean |φ| (the tail folded
 * into "Sum of N other features"), columns are instances ordered by a complete-linkage
 * clustering of their attributions (shap's `Explanation.hclust()`, without the optimal leaf
 * ordering step); colours `red_white_blue` symmetric at ±max(|p1|, |p99|); f(x) (the row sums)
 * drawn above; bars on the right proportional to mean |φ|.
 */
import type { Explanation } from '../explanation.js';
import { redWhiteBlue } from './colors.js';
import { percentile } from './percentile.js';
import { rankRows } from './rows.js';
import { n2, svgDoc, text } from './svg.js';

/** Options of {@link heatmapPlot}. */
export interface HeatmapOptions {
  output?: number;
  maxDisplay?: number;
  width?: number;
}

/** Leaf order of a complete-linkage clustering of rows (squared Euclidean distances). */
export function instanceOrder(rows: readonly (readonly number[])[]): number[] {
  const n = rows.length;
  if (n > 1500) {
    // O(n³) agglomeration gets slow; order by output instead
    return rows
      .map((r, i) => [r.reduce((a, b) => a + b, 0), i] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, i]) => i);
  }
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let s = 0;
      const ra = rows[a] as readonly number[];
      const rb = rows[b] as readonly number[];
      for (let j = 0; j < ra.length; j++) s += ((ra[j] as number) - (rb[j] as number)) ** 2;
      d[a * n + b] = s;
      d[b * n + a] = s;
    }
  }
  const members: (number[] | undefined)[] = Array.from({ length: n }, (_, i) => [i]);
  const alive = Array.from({ length: n }, (_, i) => i);
  while (alive.length > 1) {
    let best = Number.POSITIVE_INFINITY;
    let bi = 0;
    let bj = 1;
    for (let x = 0; x < alive.length; x++) {
      for (let y = x + 1; y < alive.length; y++) {
        const v = d[(alive[x] as number) * n + (alive[y] as number)] as number;
        if (v < best) {
          best = v;
          bi = x;
          bj = y;
        }
      }
    }
    const a = alive[bi] as number;
    const b = alive[bj] as number;
    for (const c of alive) {
      if (c === a || c === b) continue;
      const v = Math.max(d[a * n + c] as number, d[b * n + c] as number);
      d[a * n + c] = v;
      d[c * n + a] = v;
    }
    members[a] = [...(members[a] as number[]), ...(members[b] as number[])];
    members[b] = undefined;
    alive.splice(bj, 1);
  }
  return members[alive[0] as number] ?? [];
}

/**
 * Renders a heatmap of many explanations as an SVG string.
 *
 * @example
 * ```ts
 * const svg = heatmapPlot(explanation, { maxDisplay: 12 });
 * ```
 */
export function heatmapPlot(e: Explanation, options: HeatmapOptions = {}): string {
  const { output = 0, maxDisplay = 10, width = 760 } = options;
  const importance = e.meanAbs(output);
  const rows = rankRows(importance, e.featureNames(0), maxDisplay, (k) => `Sum of ${k} other features`);
  const vals = Array.from({ length: e.n }, (_, i) => e.rowValues(i, output));
  const order = instanceOrder(vals);
  const cell = (r: number, i: number) =>
    (rows[r]?.indices ?? []).reduce((s, j) => s + (vals[i]?.[j] ?? 0), 0);
  const flat = vals.flat();
  const vmax = Math.max(Math.abs(percentile(flat, 1)), Math.abs(percentile(flat, 99))) || 1;
  const left = 230;
  const right = width - 80;
  const top = 70;
  const rowH = 22;
  const cw = (right - left) / Math.max(1, e.n);
  const body: string[] = [];
  const fx = order.map((i) => (vals[i] ?? []).reduce((a, b) => a + b, 0));
  const fmax = Math.max(1e-12, ...fx.map(Math.abs));
  const pts = fx.map((v, k) => `${n2(left + (k + 0.5) * cw)},${n2(top - 30 - (v / fmax) * 20)}`).join(' ');
  body.push(
    `<polyline fill="none" stroke="#000000" stroke-width="1" points="${pts}"/>`,
    text(left - 10, top - 26, 'f(x)', { anchor: 'end' }),
  );
  rows.forEach((row, r) => {
    const y = top + r * rowH;
    body.push(
      text(left - 10, y + rowH / 2 + 4, row.label, {
        anchor: 'end',
        fill: row.folded ? '#999999' : '#333333',
      }),
    );
    order.forEach((i, k) => {
      body.push(
        `<rect x="${n2(left + k * cw)}" y="${n2(y)}" width="${n2(cw + 0.2)}" height="${rowH}" fill="${redWhiteBlue(0.5 + cell(r, i) / (2 * vmax))}"/>`,
      );
    });
    const imp = row.indices.reduce((s, j) => s + (importance[j] as number), 0);
    const maxImp = Math.max(...importance);
    body.push(
      `<rect class="importance" x="${n2(right + 8)}" y="${n2(y + 4)}" width="${n2((imp / (maxImp || 1)) * 50)}" height="${rowH - 8}" fill="#000000"/>`,
    );
  });
  const bottom = top + rows.length * rowH;
  body.push(text((left + right) / 2, bottom + 20, 'Instances', { anchor: 'middle' }));
  return svgDoc(width, bottom + 34, body, 'heatmap');
}
