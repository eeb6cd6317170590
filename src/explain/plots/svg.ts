/**
 * Tiny helpers to write standalone SVG as strings (no DOM), and shap's number formatting.
 */

/** Escapes text for XML. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with at most 2 decimals. */
export function n2(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * shap's `format_value`: printf-style `%+0.02f` / `%0.03f`, trailing zeros stripped (shap's
 * regex `\.?0+$`), and a Unicode minus sign.
 */
export function formatValue(v: number | string, format: '%+0.02f' | '%0.03f' | '%0.02f'): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    const digits = format === '%0.03f' ? 3 : 2;
    s = Math.abs(v).toFixed(digits);
    if (v < 0) s = `-${s}`;
    else if (format === '%+0.02f') s = `+${s}`;
  }
  s = s.replace(/\.?0+$/, '');
  if (s.startsWith('-')) s = `\u2212${s.slice(1)}`;
  return s;
}

/** Wraps a body in a standalone SVG document. */
export function svgDoc(width: number, height: number, body: string[], title?: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n2(width)}" height="${n2(height)}" viewBox="0 0 ${n2(width)} ${n2(height)}" font-family="sans-serif" font-size="12">`,
    ...(title ? [`<title>${esc(title)}</title>`] : []),
    ...body,
    '</svg>',
  ].join('\n');
}

/** A text element. */
export function text(
  x: number,
  y: number,
  s: string,
  attrs: {
    anchor?: 'start' | 'middle' | 'end';
    fill?: string;
    size?: number;
    weight?: string;
    cls?: string;
  } = {},
): string {
  const a = [
    `x="${n2(x)}"`,
    `y="${n2(y)}"`,
    attrs.anchor ? `text-anchor="${attrs.anchor}"` : '',
    attrs.fill ? `fill="${attrs.fill}"` : '',
    attrs.size ? `font-size="${attrs.size}"` : '',
    attrs.weight ? `font-weight="${attrs.weight}"` : '',
    attrs.cls ? `class="${attrs.cls}"` : '',
  ].filter(Boolean);
  return `<text ${a.join(' ')}>${esc(s)}</text>`;
}

/** A line. */
export function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  stroke = '#cccccc',
  dash?: string,
): string {
  return `<line x1="${n2(x1)}" y1="${n2(y1)}" x2="${n2(x2)}" y2="${n2(y2)}" stroke="${stroke}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

/** Approximate rendered width of `s` at 12 px (for label placement). */
export function textWidth(s: string, size = 12): number {
  return s.length * size * 0.6;
}

/** A linear scale from [d0, d1] to [r0, r1] (degenerate domains are widened). */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  let lo = d0;
  let hi = d1;
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  return (v) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0);
}

/** A few round tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-12; v += step) out.push(Math.round(v / step) * step);
  return out;
}
