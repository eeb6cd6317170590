/**
 * Bar plot (shap's `plots.bar`): one row → its values; many rows → mean |φ| per feature.
 * Ordered by |value|, `maxDisplay` rows with the tail folded into "Sum of N other features";
 * red bars for positive values, blue for ≤ 0; labels `%+0.02f`.
 */
import type { Explanation } from '../explanation.js';
import { BLUE, RED } from './colors.js';
import { rankRows } from './rows.js';
import { formatValue, line, n2, scale, svgDoc, text } from './svg.js';

/** Options of {@link barPlot}. */
export interface BarPlotOptions {
  output?: number;
  maxDisplay?: number;
  width?: number;
  title?: string;
}

/**
 * Renders a bar plot as an SVG string.
 *
 * @example
 * ```ts
 * const svg = barPlot(explanation, { maxDisplay: 10 }); // global importance
 * ```
 */
export function barPlot(e: Explanation, options: BarPlotOptions = {}): string {
  const { output = 0, maxDisplay = 10, width = 640 } = options;
  const single = e.n === 1;
  const values = single ? e.rowValues(0, output) : e.meanAbs(output);
  const data = single ? e.data?.[0] : undefined;
  const names = e
    .featureNames(0)
    .map((n, j) =>
      data && data[j] !== undefined ? `${formatValue(data[j] as number | string, '%0.03f')} = ${n}` : n,
    );
  const rows = rankRows(values.map(Math.abs), names, maxDisplay, (k) => `Sum of ${k} other features`).map(
    (r) => ({
      ...r,
      v: r.indices.reduce((s, j) => s + (values[j] as number), 0),
    }),
  );
  const rowH = 26;
  const top = options.title ? 34 : 14;
  const left = 230;
  const right = width - 60;
  const height = top + rows.length * rowH + 40;
  const lo = Math.min(0, ...rows.map((r) => r.v));
  const hi = Math.max(0, ...rows.map((r) => r.v));
  const x = scale(lo, hi, left, right);
  const body: string[] = [];
  if (options.title) body.push(text(width / 2, 20, options.title, { anchor: 'middle', size: 14 }));
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const x0 = Math.min(x(0), x(r.v));
    const w = Math.abs(x(r.v) - x(0));
    const color = r.v <= 0 ? BLUE : RED;
    body.push(
      `<rect class="bar" fill="${color}" x="${n2(x0)}" y="${n2(y + 4)}" width="${n2(w)}" height="${rowH - 8}"/>`,
    );
    const label = formatValue(r.v, '%+0.02f');
    body.push(
      r.v < 0
        ? text(x0 - 4, y + rowH / 2 + 4, label, { anchor: 'end', fill: color })
        : text(x0 + w + 4, y + rowH / 2 + 4, label, { fill: color }),
    );
    body.push(
      text(left - 10, y + rowH / 2 + 4, r.label, { anchor: 'end', fill: r.folded ? '#999999' : '#333333' }),
    );
  });
  const axisY = top + rows.length * rowH + 4;
  body.push(line(x(0), top, x(0), axisY, '#999999'));
  body.push(line(left, axisY, right, axisY, '#333333'));
  body.push(
    text((left + right) / 2, axisY + 24, single ? 'SHAP value' : 'mean(|SHAP value|)', {
      anchor: 'middle',
      fill: '#333333',
    }),
  );
  return svgDoc(width, height, body, options.title ?? 'bar');
}
