/**
 * Beeswarm plot (shap's `plots.beeswarm`): one row per feature ordered by mean |φ|, the tail
 * folded into "Sum of N other features" (values summed per instance); points at x = φ,
 * stacked up and down within 100 value bins; coloured by the feature value on the `red_blue`
 * scale clipped to the 5th–95th percentile; NaN or non-numeric values grey (#777777).
 */
import type { Explanation } from '../explanation.js';
import { redBlue } from './colors.js';
import { colorRange } from './percentile.js';
import { rankRows } from './rows.js';
import { line, n2, scale, svgDoc, text, ticks } from './svg.js';

/** Options of {@link beeswarmPlot}. */
export interface BeeswarmOptions {
  output?: number;
  maxDisplay?: number;
  width?: number;
  title?: string;
}

/** Vertical offsets in units of the row half-height (shap's bin-and-stack layout). */
export function swarmOffsets(values: readonly number[]): number[] {
  const N = values.length;
  if (N === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const quant = values.map((v) => Math.round((100 * (v - min)) / (max - min + 1e-8)));
  const inds = values.map((_, i) => i).sort((a, b) => (quant[a] as number) - (quant[b] as number) || a - b);
  const ys = new Array<number>(N).fill(0);
  let layer = 0;
  let last = -1;
  for (const i of inds) {
    if (quant[i] !== last) layer = 0;
    ys[i] = Math.ceil(layer / 2) * ((layer % 2) * 2 - 1);
    layer++;
    last = quant[i] as number;
  }
  const top = Math.max(...ys.map((y) => y + 1));
  return ys.map((y) => (0.9 * y) / top);
}

/**
 * Renders a beeswarm summary as an SVG string.
 *
 * @example
 * ```ts
 * const svg = beeswarmPlot(explanation, { maxDisplay: 12 });
 * ```
 */
export function beeswarmPlot(e: Explanation, options: BeeswarmOptions = {}): string {
  const { output = 0, maxDisplay = 10, width = 720 } = options;
  const names = e.featureNames(0);
  const rows = rankRows(e.meanAbs(output), names, maxDisplay, (k) => `Sum of ${k} other features`);
  const rowH = 32;
  const top = options.title ? 34 : 14;
  const left = 230;
  const right = width - 90;
  const height = top + rows.length * rowH + 44;
  const series = rows.map((r) => {
    const shap: number[] = [];
    const feat: number[] = [];
    for (let i = 0; i < e.n; i++) {
      shap.push(r.indices.reduce((s, j) => s + e.value(i, j, output), 0));
      const d = r.folded ? undefined : e.data?.[i]?.[r.indices[0] as number];
      feat.push(typeof d === 'number' ? d : Number.NaN);
    }
    return { ...r, shap, feat };
  });
  const all = series.flatMap((s) => s.shap);
  const lo = Math.min(0, ...all);
  const hi = Math.max(0, ...all);
  const x = scale(lo, hi, left, right);
  const body: string[] = [];
  if (options.title) body.push(text(width / 2, 20, options.title, { anchor: 'middle', size: 14 }));
  body.push(line(x(0), top, x(0), top + rows.length * rowH, '#999999'));
  series.forEach((s, r) => {
    const cy = top + r * rowH + rowH / 2;
    body.push(line(left, cy, right, cy, '#eeeeee', '1,3'));
    body.push(text(left - 10, cy + 4, s.label, { anchor: 'end', fill: s.folded ? '#999999' : '#333333' }));
    const offs = swarmOffsets(s.shap);
    const [vmin, vmax] = colorRange(s.feat);
    s.shap.forEach((v, i) => {
      const f = s.feat[i] as number;
      const color =
        Number.isFinite(f) && Number.isFinite(vmin)
          ? redBlue(vmax > vmin ? (f - vmin) / (vmax - vmin) : 0.5)
          : '#777777';
      body.push(
        `<circle cx="${n2(x(v))}" cy="${n2(cy + (offs[i] as number) * (rowH / 2))}" r="2.5" fill="${color}"/>`,
      );
    });
  });
  const axisY = top + rows.length * rowH + 4;
  body.push(line(left, axisY, right, axisY, '#333333'));
  for (const t of ticks(lo, hi))
    body.push(
      text(x(t), axisY + 14, String(+t.toPrecision(6)), { anchor: 'middle', size: 10, fill: '#666666' }),
    );
  body.push(
    text((left + right) / 2, axisY + 32, 'SHAP value (impact on model output)', {
      anchor: 'middle',
      fill: '#333333',
    }),
  );
  // colour bar
  const cbx = right + 40;
  const cbTop = top + 10;
  const cbH = Math.max(40, rows.length * rowH - 20);
  body.push('<defs><linearGradient id="kite-red-blue" x1="0" y1="1" x2="0" y2="0">');
  for (let i = 0; i <= 10; i++) body.push(`<stop offset="${i / 10}" stop-color="${redBlue(i / 10)}"/>`);
  body.push('</linearGradient></defs>');
  body.push(
    `<rect x="${n2(cbx)}" y="${n2(cbTop)}" width="8" height="${n2(cbH)}" fill="url(#kite-red-blue)"/>`,
  );
  body.push(text(cbx + 12, cbTop + 8, 'High', { size: 10 }));
  body.push(text(cbx + 12, cbTop + cbH, 'Low', { size: 10 }));
  body.push(
    `<text transform="translate(${n2(cbx + 30)},${n2(cbTop + cbH / 2)}) rotate(-90)" text-anchor="middle" font-size="11">Feature value</text>`,
  );
  return svgDoc(width, height, body, options.title ?? 'beeswarm');
}
