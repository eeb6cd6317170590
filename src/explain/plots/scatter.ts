/**
 * Scatter / dependence plot (shap's `plots.scatter`): x = a feature's value, y = its SHAP
 * value; points #1E88E5 by default, or coloured by another feature on the `red_blue` scale
 * (5th–95th percentile); a light grey histogram of x along the bottom.
 */
import { KiteError } from '../../core/index.js';
import type { Explanation } from '../explanation.js';
import { redBlue, SCATTER_BLUE } from './colors.js';
import { colorRange } from './percentile.js';
import { line, n2, scale, svgDoc, text, ticks } from './svg.js';

/** Options of {@link scatterPlot}. */
export interface ScatterOptions {
  output?: number;
  /** Feature index or name to colour points by. */
  colorBy?: number | string;
  width?: number;
  height?: number;
  /** Draw the histogram of x (default true). */
  hist?: boolean;
}

function featureIndex(e: Explanation, f: number | string): number {
  const j = typeof f === 'number' ? f : e.featureNames(0).indexOf(f);
  if (j < 0 || j >= e.features(0))
    throw new KiteError('INVALID_ARGUMENT', `no feature ${JSON.stringify(f)} in this explanation`);
  return j;
}

/**
 * Renders a dependence scatter plot of one feature as an SVG string.
 *
 * @example
 * ```ts
 * const svg = scatterPlot(explanation, 'age', { colorBy: 'income' });
 * ```
 */
export function scatterPlot(e: Explanation, feature: number | string, options: ScatterOptions = {}): string {
  const { output = 0, width = 560, height = 400, hist = true } = options;
  const j = featureIndex(e, feature);
  const name = e.featureNames(0)[j] as string;
  const xs: number[] = [];
  const ys: number[] = [];
  const cs: number[] = [];
  const c = options.colorBy === undefined ? undefined : featureIndex(e, options.colorBy);
  for (let i = 0; i < e.n; i++) {
    const d = e.data?.[i]?.[j];
    xs.push(typeof d === 'number' ? d : Number.NaN);
    ys.push(e.value(i, j, output));
    const cd = c === undefined ? undefined : e.data?.[i]?.[c];
    cs.push(typeof cd === 'number' ? cd : Number.NaN);
  }
  const finiteX = xs.filter(Number.isFinite);
  const left = 60;
  const right = width - (c === undefined ? 20 : 70);
  const top = 20;
  const bottom = height - 50;
  const x = scale(Math.min(...finiteX), Math.max(...finiteX), left + 10, right - 10);
  const y = scale(Math.min(...ys), Math.max(...ys), bottom - 10, top + 10);
  const body: string[] = [];
  if (hist && finiteX.length > 0) {
    const lo = Math.min(...finiteX);
    const hi = Math.max(...finiteX);
    const bins = new Array<number>(20).fill(0);
    for (const v of finiteX) {
      const k = Math.min(19, Math.floor(((v - lo) / (hi - lo || 1)) * 20));
      bins[k] = (bins[k] as number) + 1;
    }
    const maxBin = Math.max(...bins);
    const bw = (right - left - 20) / 20;
    bins.forEach((b, k) => {
      const h = (b / maxBin) * (bottom - top) * 0.2;
      body.push(
        `<rect class="hist" x="${n2(left + 10 + k * bw)}" y="${n2(bottom - h)}" width="${n2(bw)}" height="${n2(h)}" fill="#cccccc" opacity="0.6"/>`,
      );
    });
  }
  const [vmin, vmax] = colorRange(cs);
  xs.forEach((xv, i) => {
    const yv = ys[i] as number;
    const cv = cs[i] as number;
    const fill =
      c === undefined
        ? SCATTER_BLUE
        : Number.isFinite(cv)
          ? redBlue(vmax > vmin ? (cv - vmin) / (vmax - vmin) : 0.5)
          : '#777777';
    if (Number.isFinite(xv))
      body.push(`<circle cx="${n2(x(xv))}" cy="${n2(y(yv))}" r="3" fill="${fill}" opacity="0.8"/>`);
    else body.push(line(left, y(yv), left + 6, y(yv), fill));
  });
  body.push(line(left, bottom, right, bottom, '#333333'), line(left, top, left, bottom, '#333333'));
  for (const t of ticks(Math.min(...finiteX), Math.max(...finiteX)))
    body.push(text(x(t), bottom + 14, String(+t.toPrecision(6)), { anchor: 'middle', size: 10 }));
  for (const t of ticks(Math.min(...ys), Math.max(...ys)))
    body.push(text(left - 4, y(t) + 3, String(+t.toPrecision(6)), { anchor: 'end', size: 10 }));
  body.push(text((left + right) / 2, height - 12, name, { anchor: 'middle' }));
  body.push(
    `<text transform="translate(14,${n2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">SHAP value for ${name.replace(/[<&>"]/g, '')}</text>`,
  );
  if (c !== undefined) body.push(text(right + 10, top + 10, e.featureNames(0)[c] as string, { size: 10 }));
  return svgDoc(width, height, body, `scatter: ${name}`);
}
