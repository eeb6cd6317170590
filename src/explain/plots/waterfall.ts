/**
 * Waterfall plot of one row (shap's `plots.waterfall`): features ordered by |φ|, the top
 * `maxDisplay − 1` shown and the rest folded into "N other features"; arrows start from
 * E[f(X)] at the bottom and accumulate to f(x) at the top; red for positive, blue for
 * negative; value labels `%+0.02f` inside the arrow or after it; y labels "value = name".
 */
import type { Explanation } from '../explanation.js';
import { BLUE, RED } from './colors.js';
import { rankRows } from './rows.js';
import { esc, formatValue, line, n2, scale, svgDoc, text, textWidth } from './svg.js';

/** Options of the single-row plots. */
export interface RowPlotOptions {
  row?: number;
  output?: number;
  maxDisplay?: number;
  width?: number;
  title?: string;
}

/**
 * Renders a waterfall plot as an SVG string.
 *
 * @example
 * ```ts
 * writeFileSync('waterfall.svg', waterfallPlot(explanation, { row: 0 }));
 * ```
 */
export function waterfallPlot(e: Explanation, options: RowPlotOptions = {}): string {
  const { row = 0, output = 0, maxDisplay = 10, width = 720 } = options;
  const values = e.rowValues(row, output);
  const names = e.featureNames(row);
  const data = e.data?.[row];
  const base = e.baseValue(row, output);
  const fx = base + values.reduce((a, b) => a + b, 0);
  const rows = rankRows(
    values.map(Math.abs),
    names.map((n, j) =>
      data && data[j] !== undefined ? `${formatValue(data[j] as number | string, '%0.03f')} = ${n}` : n,
    ),
    maxDisplay,
    (k) => `${k} other features`,
  );
  const rowH = 28;
  const top = 40;
  const left = 230;
  const right = width - 30;
  const height = top + rows.length * rowH + 50;
  // segments top → bottom: row i spans [loc − v, loc], loc starting at f(x)
  let loc = fx;
  const segs = rows.map((r) => {
    const v = r.indices.reduce((s, j) => s + (values[j] as number), 0);
    const seg = { ...r, v, from: loc - v, to: loc };
    loc -= v;
    return seg;
  });
  const ends = [base, fx, ...segs.flatMap((s) => [s.from, s.to])];
  const lo = Math.min(...ends);
  const hi = Math.max(...ends);
  const pad = (hi - lo) * 0.08 || 1;
  const x = scale(lo - pad, hi + pad, left, right);
  const body: string[] = [];
  if (options.title) body.push(text(width / 2, 18, options.title, { anchor: 'middle', size: 14 }));
  body.push(line(x(base), top - 8, x(base), top + rows.length * rowH, '#bbbbbb', '3,3'));
  body.push(line(x(fx), top - 8, x(fx), top + rows.length * rowH, '#bbbbbb', '3,3'));
  segs.forEach((s, i) => {
    const y = top + i * rowH;
    const cy = y + rowH / 2;
    const color = s.v >= 0 ? RED : BLUE;
    const x0 = x(Math.min(s.from, s.to));
    const x1 = x(Math.max(s.from, s.to));
    const head = Math.min(8, x1 - x0);
    const h = rowH * 0.6;
    const pts =
      s.v >= 0
        ? [
            [x0, cy - h / 2],
            [x1 - head, cy - h / 2],
            [x1, cy],
            [x1 - head, cy + h / 2],
            [x0, cy + h / 2],
          ]
        : [
            [x1, cy - h / 2],
            [x0 + head, cy - h / 2],
            [x0, cy],
            [x0 + head, cy + h / 2],
            [x1, cy + h / 2],
          ];
    body.push(
      `<polygon class="${s.v >= 0 ? 'positive' : 'negative'}" fill="${color}" points="${pts.map((p) => p.map(n2).join(',')).join(' ')}"/>`,
    );
    const label = formatValue(s.v, '%+0.02f');
    const fits = textWidth(label) + 6 < x1 - x0 - head;
    if (fits) body.push(text((x0 + x1) / 2, cy + 4, label, { anchor: 'middle', fill: '#ffffff' }));
    else if (s.v >= 0) body.push(text(x1 + 4, cy + 4, label, { fill: color }));
    else body.push(text(x0 - 4, cy + 4, label, { anchor: 'end', fill: color }));
    body.push(text(left - 10, cy + 4, s.label, { anchor: 'end', fill: s.folded ? '#999999' : '#333333' }));
    if (i + 1 < segs.length)
      body.push(line(x(s.from), cy + h / 2, x(s.from), cy + rowH + (rowH - h) / 2, '#bbbbbb', '2,2'));
  });
  const axisY = top + rows.length * rowH + 6;
  body.push(line(left, axisY, right, axisY, '#333333'));
  body.push(
    text(x(base), axisY + 18, `E[f(X)] = ${formatValue(base, '%0.03f')}`, {
      anchor: 'middle',
      fill: '#666666',
    }),
  );
  body.push(
    text(x(fx), top - 14, `f(x) = ${formatValue(fx, '%0.03f')}`, { anchor: 'middle', fill: '#333333' }),
  );
  return svgDoc(
    width,
    height,
    body,
    options.title ?? `waterfall: ${esc(String(e.outputNames?.[output] ?? 'output'))}`,
  );
}
