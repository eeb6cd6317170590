/**
 * Images in memory, decoding (JPEG through `jpeg-js`, PNG through `fast-png`, both pure JS)
 * and the transforms a loader applies: channel conversion, bilinear resize, scaling and
 * normalisation, seeded augmentation.
 */

import { decode as decodePng } from 'fast-png';
import { decode as decodeJpeg } from 'jpeg-js';
import { KiteError } from '../core/index.js';
import type { Rng } from '../stats/index.js';

/** A decoded image, channels last (HWC), one byte per channel. */
export interface RawImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

/** An image ready for a model: HWC floats and its class index. */
export interface ImageExample {
  pixels: Float32Array;
  height: number;
  width: number;
  channels: number;
  label: number;
}

/** The image formats Kite decodes, told apart by their first bytes. */
export function sniffImageFormat(bytes: Uint8Array): 'jpeg' | 'png' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  return undefined;
}

/**
 * Decodes a JPEG or PNG. A truncated or corrupt file is a `KiteError('INVALID_DATA')` naming
 * `where` (the file path) — JPEG decoders would otherwise fill a cut-off image with grey.
 */
export function decodeImage(bytes: Uint8Array, where: string): RawImage {
  const format = sniffImageFormat(bytes);
  try {
    if (format === 'jpeg') {
      if (!hasJpegEnd(bytes)) throw new Error('truncated JPEG: no end-of-image marker');
      const img = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 256 });
      return { width: img.width, height: img.height, channels: 3, data: img.data };
    }
    if (format === 'png') {
      const png = decodePng(bytes, { checkCrc: true });
      return fromPng(png.width, png.height, png.channels, png.depth, png.data, png.palette);
    }
  } catch (e) {
    throw new KiteError(
      'INVALID_DATA',
      `${where}: cannot decode image (${e instanceof Error ? e.message : String(e)})`,
      {
        cause: e,
      },
    );
  }
  throw new KiteError('INVALID_DATA', `${where}: not a JPEG or PNG file`, {
    hint: 'convert it, or remove it',
  });
}

function hasJpegEnd(bytes: Uint8Array): boolean {
  // EOI (FF D9) closes every complete JPEG; allow a little trailing padding after it.
  for (let i = bytes.length - 2; i >= Math.max(0, bytes.length - 1024); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

function fromPng(
  width: number,
  height: number,
  channels: number,
  depth: number,
  data: Uint8Array | Uint8ClampedArray | Uint16Array,
  palette: number[][] | undefined,
): RawImage {
  if (palette) {
    const out = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) {
      const c = palette[data[i]!] ?? [0, 0, 0];
      out.set([c[0]!, c[1]!, c[2]!], i * 3);
    }
    return { width, height, channels: 3, data: out };
  }
  if (depth === 8) return { width, height, channels, data: Uint8Array.from(data) };
  if (depth === 16) return { width, height, channels, data: Uint8Array.from(data, (v) => v >> 8) };
  // Sub-byte grey (1, 2, 4 bits): fast-png unpacks to one value per pixel; stretch to 0..255.
  const max = 2 ** depth - 1;
  return { width, height, channels, data: Uint8Array.from(data, (v) => Math.round((v * 255) / max)) };
}

/** Converts to 1 (grey, ITU-R 601 luma) or 3 (RGB) channels; alpha is dropped. */
export function toChannels(img: RawImage, channels: 1 | 3): RawImage {
  if (img.channels === channels) return img;
  const n = img.width * img.height;
  const out = new Uint8Array(n * channels);
  const src = img.data;
  const c = img.channels;
  for (let i = 0; i < n; i++) {
    const r = src[i * c]!;
    const g = c >= 3 ? src[i * c + 1]! : r;
    const b = c >= 3 ? src[i * c + 2]! : r;
    if (channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else out.set([r, g, b], i * 3);
  }
  return { width: img.width, height: img.height, channels, data: out };
}

/** Bilinear resize with half-pixel centres (as `tf.image.resizeBilinear(…, halfPixelCenters)`). */
export function resizeBilinear(img: RawImage, height: number, width: number): RawImage {
  if (img.height === height && img.width === width) return img;
  const { channels: c, data } = img;
  const out = new Uint8Array(height * width * c);
  const sy = img.height / height;
  const sx = img.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const dy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const dx = fx - x0;
      for (let k = 0; k < c; k++) {
        const p = (yy: number, xx: number): number => data[(yy * img.width + xx) * c + k]!;
        const top = p(y0, x0) + (p(y0, x1) - p(y0, x0)) * dx;
        const bottom = p(y1, x0) + (p(y1, x1) - p(y1, x0)) * dx;
        out[(y * width + x) * c + k] = Math.round(top + (bottom - top) * dy);
      }
    }
  }
  return { width, height, channels: c, data: out };
}

/** How bytes become floats: `(v / 255 - mean[c]) / std[c]`; default mean 0, std 1 (so [0, 1]). */
export interface Normalization {
  mean?: readonly number[];
  std?: readonly number[];
}

/** Scales bytes to floats and normalises per channel. */
export function normalize(img: RawImage, norm: Normalization = {}): Float32Array {
  const out = new Float32Array(img.data.length);
  const c = img.channels;
  for (let i = 0; i < out.length; i++) {
    const k = i % c;
    out[i] = (img.data[i]! / 255 - (norm.mean?.[k] ?? 0)) / (norm.std?.[k] ?? 1);
  }
  return out;
}

/** Seeded augmentation: random horizontal flip and random crop after zero padding. */
export interface Augmentation {
  flipHorizontal?: boolean;
  /** Pad by this many pixels on each side, then crop back to size at a random offset. */
  cropPadding?: number;
}

/** Applies `aug` to an image with randomness from `rng`. */
export function augment(img: RawImage, aug: Augmentation, rng: Rng): RawImage {
  let out = img;
  const pad = aug.cropPadding ?? 0;
  if (pad > 0) {
    const { width: w, height: h, channels: c } = img;
    const oy = rng.int(2 * pad + 1) - pad;
    const ox = rng.int(2 * pad + 1) - pad;
    const data = new Uint8Array(img.data.length);
    for (let y = 0; y < h; y++) {
      const sy = y + oy;
      if (sy < 0 || sy >= h) continue;
      for (let x = 0; x < w; x++) {
        const sx = x + ox;
        if (sx < 0 || sx >= w) continue;
        for (let k = 0; k < c; k++) data[(y * w + x) * c + k] = img.data[(sy * w + sx) * c + k]!;
      }
    }
    out = { ...img, data };
  }
  if (aug.flipHorizontal && rng.next() < 0.5) {
    const { width: w, height: h, channels: c } = out;
    const data = new Uint8Array(out.data.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let k = 0; k < c; k++) data[(y * w + x) * c + k] = out.data[(y * w + (w - 1 - x)) * c + k]!;
      }
    }
    out = { ...out, data };
  }
  return out;
}

/** A batch of images as one HWC tensor buffer (shape `[n, h, w, c]`) and their labels. */
export interface ImageBatch {
  x: Float32Array;
  shape: [number, number, number, number];
  y: Int32Array;
}

/** Stacks images of one size into a batch. */
export function stackImages(examples: readonly ImageExample[]): ImageBatch {
  const first = examples[0];
  if (!first) throw new KiteError('INVALID_ARGUMENT', 'stackImages: the batch is empty');
  const { height: h, width: w, channels: c } = first;
  const x = new Float32Array(examples.length * h * w * c);
  const y = new Int32Array(examples.length);
  examples.forEach((e, i) => {
    if (e.height !== h || e.width !== w || e.channels !== c) {
      throw new KiteError(
        'INVALID_DATA',
        `image ${i} of the batch is ${e.height}×${e.width}×${e.channels}, not ${h}×${w}×${c}`,
        {
          hint: 'give the loader an image size so that every image is resized to it',
        },
      );
    }
    x.set(e.pixels, i * h * w * c);
    y[i] = e.label;
  });
  return { x, shape: [examples.length, h, w, c], y };
}
