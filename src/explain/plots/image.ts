/**
 * Image plot (shap's `plots.image`): one row per image — the image, then one panel per output
 * with the image in grayscale (0.2989 R + 0.5870 G + 0.1140 B) at opacity 0.15 under the SHAP
 * values summed over channels, coloured with `red_transparent_blue` on a symmetric range of
 * ±(99.9th percentile of |φ| over all outputs).
 */
import { KiteError } from '../../core/index.js';
import type { Explanation } from '../explanation.js';
import { redTransparentBlue } from './colors.js';
import { percentile } from './percentile.js';
import { n2, svgDoc, text } from './svg.js';

/** Options of {@link imagePlot}. */
export interface ImagePlotOptions {
  /** `[H, W, C]`; default the explanation's `featureShape`. */
  shape?: readonly number[];
  /** Pixels per image pixel. */
  pixel?: number;
  /** Panel titles per output; default the output names. */
  labels?: readonly string[];
  /** Maximum |φ| of the colour scale (default the 99.9th percentile). */
  vmax?: number;
}

/**
 * Renders image explanations as an SVG string (pixel values assumed in [0, 1] or [0, 255]).
 *
 * @example
 * ```ts
 * const svg = imagePlot(explanation, { shape: [28, 28, 1], pixel: 6 });
 * ```
 */
export function imagePlot(e: Explanation, options: ImagePlotOptions = {}): string {
  const shape = options.shape ?? e.init.featureShape;
  if (!shape || shape.length < 2)
    throw new KiteError('INVALID_ARGUMENT', 'imagePlot needs the image shape [H, W, C]');
  const [H, W, C = 1] = shape as [number, number, number?];
  const px = options.pixel ?? Math.max(1, Math.floor(160 / Math.max(H, W)));
  const K = e.outputs;
  const summed: number[][][] = [];
  const all: number[] = [];
  for (let i = 0; i < e.n; i++) {
    const perOut: number[][] = [];
    for (let k = 0; k < K; k++) {
      const s = new Array<number>(H * W).fill(0);
      for (let p = 0; p < H * W; p++)
        for (let c = 0; c < C; c++) s[p] = (s[p] as number) + e.value(i, p * C + c, k);
      perOut.push(s);
      for (const v of s) all.push(Math.abs(v));
    }
    summed.push(perOut);
  }
  const vmax = options.vmax ?? (percentile(all, 99.9) || 1);
  const panelW = W * px + 10;
  const panelH = H * px + 24;
  const body: string[] = [];
  for (let i = 0; i < e.n; i++) {
    const data = (e.data?.[i] ?? []).map(Number);
    const maxV = Math.max(1, ...data.filter(Number.isFinite));
    const scale255 = maxV > 1 ? 255 : 1;
    const gray = (p: number) =>
      C >= 3
        ? 0.2989 * (data[p * C] ?? 0) + 0.587 * (data[p * C + 1] ?? 0) + 0.114 * (data[p * C + 2] ?? 0)
        : (data[p * C] ?? 0);
    const pixelRects = (ox: number, oy: number, alpha: number, color: (p: number) => string) => {
      const g: string[] = [`<g opacity="${alpha}">`];
      for (let p = 0; p < H * W; p++) {
        g.push(
          `<rect x="${n2(ox + (p % W) * px)}" y="${n2(oy + Math.floor(p / W) * px)}" width="${px}" height="${px}" fill="${color(p)}"/>`,
        );
      }
      g.push('</g>');
      return g.join('');
    };
    const grayHex = (p: number) => {
      const v = Math.round(Math.min(1, Math.max(0, gray(p) / scale255)) * 255);
      return `rgb(${v},${v},${v})`;
    };
    const oy = i * panelH + 20;
    const rgb = (p: number) =>
      C >= 3
        ? `rgb(${[0, 1, 2].map((c) => Math.round(Math.min(1, Math.max(0, (data[p * C + c] ?? 0) / scale255)) * 255)).join(',')})`
        : grayHex(p);
    body.push(pixelRects(0, oy, 1, rgb));
    for (let k = 0; k < K; k++) {
      const ox = (k + 1) * panelW;
      body.push(pixelRects(ox, oy, 0.15, grayHex));
      const vals = summed[i]?.[k] as number[];
      const g: string[] = ['<g class="shap">'];
      for (let p = 0; p < H * W; p++) {
        const [color, alpha] = redTransparentBlue(0.5 + (0.5 * (vals[p] as number)) / vmax);
        if (alpha > 0)
          g.push(
            `<rect x="${n2(ox + (p % W) * px)}" y="${n2(oy + Math.floor(p / W) * px)}" width="${px}" height="${px}" fill="${color}" fill-opacity="${alpha}"/>`,
          );
      }
      g.push('</g>');
      body.push(g.join(''));
      if (i === 0)
        body.push(
          text(ox + (W * px) / 2, 14, options.labels?.[k] ?? e.outputNames?.[k] ?? `output ${k}`, {
            anchor: 'middle',
            size: 11,
          }),
        );
    }
  }
  const width = (K + 1) * panelW;
  const height = e.n * panelH + 50;
  const cbY = e.n * panelH + 24;
  body.push(
    '<defs><linearGradient id="kite-rtb"><stop offset="0" stop-color="#1e88e5"/><stop offset="0.5" stop-color="#ffffff" stop-opacity="0"/><stop offset="1" stop-color="#ff0d57"/></linearGradient></defs>',
  );
  body.push(
    `<rect x="${n2(panelW)}" y="${n2(cbY)}" width="${n2(K * panelW - 10)}" height="8" fill="url(#kite-rtb)"/>`,
  );
  body.push(
    text(panelW, cbY + 20, (-vmax).toPrecision(3), { size: 10 }),
    text(panelW + (K * panelW - 10) / 2, cbY + 20, 'SHAP value', { anchor: 'middle', size: 10 }),
    text((K + 1) * panelW - 10, cbY + 20, vmax.toPrecision(3), { anchor: 'end', size: 10 }),
  );
  return svgDoc(width, height, body, 'image explanation');
}
