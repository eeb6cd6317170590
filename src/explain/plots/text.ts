/**
 * Text plot (shap's `plots.text`, as static SVG): each token's background is
 * `red_transparent_blue(0.5 + 0.5·φ/max|φ|)`; above the text, the base value, f(x) and the
 * output name. Tokens wrap into lines of the given width.
 */
import type { Explanation } from '../explanation.js';
import { redTransparentBlue } from './colors.js';
import { esc, formatValue, n2, svgDoc, text, textWidth } from './svg.js';

/** Options of {@link textPlot}. */
export interface TextPlotOptions {
  row?: number;
  output?: number;
  width?: number;
}

/**
 * Renders a highlighted text explanation as an SVG string.
 *
 * @example
 * ```ts
 * const svg = textPlot(explanation, { row: 0 });
 * ```
 */
export function textPlot(e: Explanation, options: TextPlotOptions = {}): string {
  const { row = 0, output = 0, width = 640 } = options;
  const values = e.rowValues(row, output);
  const tokens = (e.data?.[row] ?? e.featureNames(row)).map(String);
  const cmax = Math.max(1e-12, ...values.map(Math.abs));
  const base = e.baseValue(row, output);
  const fx = e.outputValue(row, output);
  const body: string[] = [];
  body.push(
    text(10, 18, `base value ${formatValue(base, '%0.03f')}`, { fill: '#999999', size: 11 }),
    text(width / 2, 18, `f(x) = ${formatValue(fx, '%0.03f')}`, { anchor: 'middle', weight: 'bold' }),
    text(width - 10, 18, e.outputNames?.[output] ?? '', { anchor: 'end', fill: '#999999', size: 11 }),
  );
  let x = 10;
  let y = 48;
  const lineH = 24;
  tokens.forEach((tok, j) => {
    const shown = tok.replace(/\s+$/, '');
    const w = Math.max(4, textWidth(shown, 14));
    const gap = tok.length > shown.length ? 6 : 1;
    if (x + w > width - 10 && x > 10) {
      x = 10;
      y += lineH;
    }
    const [color, alpha] = redTransparentBlue(0.5 + (0.5 * (values[j] ?? 0)) / cmax);
    body.push(
      `<g class="token"><title>${esc(`${shown}: ${formatValue(values[j] ?? 0, '%+0.02f')}`)}</title><rect x="${n2(x - 1)}" y="${n2(y - 15)}" width="${n2(w + 2)}" height="20" rx="2" fill="${color}" fill-opacity="${alpha}"/>`,
      `${text(x, y, shown, { size: 14 })}</g>`,
    );
    x += w + gap;
  });
  return svgDoc(width, y + 16, body, 'text explanation');
}
