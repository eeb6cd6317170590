/**
 * shap's colours (`shap/plots/colors/_colors.py`): red and blue defined in LCh and converted to
 * sRGB (D65), the `red_blue` scale (100 LCh steps whose lightness dips to 40 in the middle),
 * `red_transparent_blue` (image and text overlays) and `red_white_blue` (heatmaps).
 */

type Rgb = readonly [number, number, number];

/** LCh (CIE, h in radians) to sRGB in [0, 1], clipped, as skimage's `lab2rgb(lch2lab(...))`. */
export function lchToRgb(l: number, c: number, h: number): Rgb {
  const a = c * Math.cos(h);
  const b = c * Math.sin(h);
  const fy = (l + 16) / 116;
  const fx = a / 500 + fy;
  const fz = fy - b / 200;
  const inv = (t: number) => (t > 0.2068966 ? t ** 3 : (t - 16 / 116) / 7.787);
  const X = 0.95047 * inv(fx);
  const Y = 1.0 * inv(fy);
  const Z = 1.08883 * inv(fz);
  const lin = [
    3.24048134 * X - 1.53715152 * Y - 0.49853633 * Z,
    -0.96925495 * X + 1.87599 * Y + 0.04155593 * Z,
    0.05564664 * X - 0.20404134 * Y + 1.05731107 * Z,
  ];
  const g = lin.map((v) => {
    const s = v > 0.0031308 ? 1.055 * v ** (1 / 2.4) - 0.055 : 12.92 * v;
    return Math.min(1, Math.max(0, s));
  });
  return [g[0] as number, g[1] as number, g[2] as number];
}

const BLUE_LCH = [54, 70, 4.6588] as const;
const RED_LCH = [54, 90, 0.35470565 + 2 * Math.PI] as const;

/** `#rrggbb` of an RGB triple in [0, 1]. */
export function hex([r, g, b]: Rgb): string {
  const h = (v: number) =>
    Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

/** shap's positive colour (≈ #ff0051). */
export const RED = hex(lchToRgb(...RED_LCH));
/** shap's negative colour (≈ #008bfb). */
export const BLUE = hex(lchToRgb(...BLUE_LCH));
/** shap's gray (LCh 55, 0, 0). */
export const GRAY = hex(lchToRgb(55, 0, 0));
/** Default colour of scatter points. */
export const SCATTER_BLUE = '#1E88E5';

const RED_BLUE_STEPS: Rgb[] = (() => {
  const n = 100;
  const steps: Rgb[] = [];
  const lin = (a: number, b: number, k: number, m: number) => (m === 1 ? a : a + ((b - a) * k) / (m - 1));
  for (let i = 0; i < n; i++) {
    const l = i < n / 2 ? lin(BLUE_LCH[0], 40, i, n / 2) : lin(40, RED_LCH[0], i - n / 2, n / 2);
    steps.push(lchToRgb(l, lin(BLUE_LCH[1], RED_LCH[1], i, n), lin(BLUE_LCH[2], RED_LCH[2], i, n)));
  }
  return steps;
})();

/** The `red_blue` colour scale at t ∈ [0, 1] (0 = blue, 1 = red). */
export function redBlue(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RED_BLUE_STEPS.length - 1);
  const i = Math.min(RED_BLUE_STEPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = RED_BLUE_STEPS[i] as Rgb;
  const b = RED_BLUE_STEPS[i + 1] as Rgb;
  return hex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/**
 * `red_transparent_blue` at t ∈ [0, 1]: rgb(30,136,229) fading out to t = 0.5, then
 * rgb(255,13,87) fading in. Returns `[colour, opacity]`.
 */
export function redTransparentBlue(t: number): [string, number] {
  const x = Math.min(1, Math.max(0, t));
  return x < 0.5 ? ['#1e88e5', +(1 - 2 * x).toFixed(4)] : ['#ff0d57', +(2 * x - 1).toFixed(4)];
}

/** `red_white_blue` at t ∈ [0, 1]: blue → white → red. */
export function redWhiteBlue(t: number): string {
  const x = Math.min(1, Math.max(0, t));
  const blue = lchToRgb(...BLUE_LCH);
  const red = lchToRgb(...RED_LCH);
  const mix = (c: Rgb, a: number): Rgb => [c[0] * a + 1 - a, c[1] * a + 1 - a, c[2] * a + 1 - a];
  return hex(x < 0.5 ? mix(blue, 1 - 2 * x) : mix(red, 2 * x - 1));
}
