/**
 * Static additive force plot of one row (shap's `plots.force`, AdditiveForceVisualizer): red
 * features push the output up from the left, blue ones push it down from the right, meeting at
 * f(x); the largest effects sit next to f(x); a feature is labelled only when its |effect|
 * exceeds 1/50 of the total |effect|. With `link: 'logit'` the axis shows probabilities.
 */
import type { Explanation } from '../explanation.js';
import { logitLink } from '../links.js';
import { BLUE, RED } from './colors.js';
import { esc, formatValue, line, n2, scale, svgDoc, text, ticks } from './svg.js';

/** Options of {@link forcePlot}. */
export interface ForceOptions {
  row?: number;
  output?: number;
  width?: number;
  /** Show the axis through the inverse link ('logit' → probabilities). */
  link?: 'identity' | 'logit';
}

/**
 * Renders a force plot as an SVG string.
 *
 * @example
 * ```ts
 * const svg = forcePlot(explanation, { row: 3 });
 * ```
 */
export function forcePlot(e: Explanation, options: ForceOptions = {}): string {
  const { row = 0, output = 0, width = 900 } = options;
  const values = e.rowValues(row, output);
  const names = e.featureNames(row);
  const data = e.data?.[row];
  const base = e.baseValue(row, output);
  const fx = base + values.reduce((a, b) => a + b, 0);
  const pos = values
    .map((v, j) => ({ v, j }))
    .filter((f) => f.v > 0)
    .sort((a, b) => b.v - a.v);
  const neg = values
    .map((v, j) => ({ v, j }))
    .filter((f) => f.v < 0)
    .sort((a, b) => a.v - b.v);
  const totalPos = pos.reduce((s, f) => s + f.v, 0);
  const totalNeg = -neg.reduce((s, f) => s + f.v, 0);
  const total = totalPos + totalNeg;
  const lo = Math.min(base, fx - totalPos);
  const hi = Math.max(base, fx + totalNeg);
  const pad = (hi - lo) * 0.1 || 1;
  const x = scale(lo - pad, hi + pad, 20, width - 20);
  const barY = 70;
  const barH = 18;
  const body: string[] = [];
  const label = (j: number) =>
    data && data[j] !== undefined
      ? `${names[j]} = ${formatValue(data[j] as number | string, '%0.03f')}`
      : (names[j] as string);
  // red: from fx leftwards, largest next to f(x)
  let cur = fx;
  for (const f of pos) {
    const x0 = x(cur - f.v);
    const x1 = x(cur);
    body.push(
      `<polygon class="positive" fill="${RED}" points="${[
        [x0, barY],
        [x1 - 4, barY],
        [x1, barY + barH / 2],
        [x1 - 4, barY + barH],
        [x0, barY + barH],
        [x0 + 4, barY + barH / 2],
      ]
        .map((p) => p.map(n2).join(','))
        .join(' ')}"/>`,
    );
    if (f.v > total / 50)
      body.push(text((x0 + x1) / 2, barY + barH + 16, label(f.j), { anchor: 'middle', fill: RED, size: 11 }));
    cur -= f.v;
  }
  cur = fx;
  for (const f of neg) {
    const x0 = x(cur);
    const x1 = x(cur - f.v);
    body.push(
      `<polygon class="negative" fill="${BLUE}" points="${[
        [x0 + 4, barY],
        [x1, barY],
        [x1 - 4, barY + barH / 2],
        [x1, barY + barH],
        [x0 + 4, barY + barH],
        [x0, barY + barH / 2],
      ]
        .map((p) => p.map(n2).join(','))
        .join(' ')}"/>`,
    );
    if (-f.v > total / 50)
      body.push(
        text((x0 + x1) / 2, barY + barH + 16, label(f.j), { anchor: 'middle', fill: BLUE, size: 11 }),
      );
    cur -= f.v;
  }
  const shown = (v: number) => (options.link === 'logit' ? logitLink.inverse(v) : v);
  const axisY = 50;
  body.push(line(20, axisY, width - 20, axisY, '#cccccc'));
  for (const t of ticks(lo - pad, hi + pad, 8)) {
    body.push(line(x(t), axisY - 3, x(t), axisY + 3, '#999999'));
    body.push(
      text(x(t), axisY - 6, formatValue(shown(t), '%0.02f'), { anchor: 'middle', size: 10, fill: '#999999' }),
    );
  }
  body.push(text(x(base), axisY - 20, 'base value', { anchor: 'middle', size: 11, fill: '#999999' }));
  body.push(line(x(base), axisY - 16, x(base), axisY, '#999999'));
  body.push(
    text(x(fx), axisY - 20, `f(x) = ${formatValue(shown(fx), '%0.02f')}`, {
      anchor: 'middle',
      weight: 'bold',
    }),
  );
  body.push(
    text(20, 16, 'higher', { fill: RED, size: 11 }),
    text(70, 16, '⇄', { size: 11 }),
    text(86, 16, 'lower', { fill: BLUE, size: 11 }),
  );
  return svgDoc(width, 130, body, `force: ${esc(e.outputNames?.[output] ?? 'output')}`);
}
