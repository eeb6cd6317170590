/**
 * Image masker (shap's `maskers.Image`): every pixel-channel of an `H × W × C` image is a
 * feature; hidden entries take a fixed background image, a constant, or the image's own box
 * blur (`'blur(kx,ky)'`, OpenCV's `cv2.blur`: normalised box filter, kernel kx wide and ky
 * high, anchored at the centre, BORDER_REFLECT_101), computed once per image. The hierarchy
 * splits boxes in half, largest box first, along rows, then columns, then channels.
 */
import { KiteError } from '../../core/index.js';
import { MinHeap } from '../heap.js';
import type { BoundMasker, Linkage, Masker } from '../masker.js';
import type { DenseMatrix } from '../matrix.js';

/** How hidden pixels are filled. */
export type ImageMaskValue = number | ArrayLike<number> | `blur(${number},${number})`;

/**
 * Masks regions of images given as flat `H·W·C` arrays (row-major, channels last).
 *
 * @example
 * ```ts
 * const masker = new ImageMasker('blur(8,8)', [28, 28, 1]);
 * const explainer = new PartitionExplainer(model, masker, { maxEvals: 1000, batchSize: 50 });
 * ```
 */
export class ImageMasker implements Masker<ArrayLike<number>, DenseMatrix> {
  readonly kind = 'image' as const;
  readonly hasClustering = true;
  readonly defaultBatchSize = 10;
  readonly fixedBackground: boolean;
  readonly shape: readonly [number, number, number];
  readonly clustering: Linkage;
  private readonly blur: readonly [number, number] | undefined;
  private readonly fill: Float64Array | undefined;

  constructor(maskValue: ImageMaskValue, shape: readonly number[]) {
    const [H, W, C = 1] = shape;
    if (!(H && W && H > 0 && W > 0 && C > 0) || shape.length < 2 || shape.length > 3) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `image shape must be [height, width, channels], got [${shape.join(', ')}]`,
      );
    }
    this.shape = [H, W, C];
    const size = H * W * C;
    if (typeof maskValue === 'string') {
      const m = /^blur\((\d+),\s*(\d+)\)$/.exec(maskValue);
      if (!m) {
        throw new KiteError('UNSUPPORTED', `image mask value ${JSON.stringify(maskValue)} is not supported`, {
          hint: "use 'blur(kx,ky)', a number, or a background image (inpainting needs OpenCV and is not available)",
        });
      }
      this.blur = [Number(m[1]), Number(m[2])];
      this.fixedBackground = false;
    } else if (typeof maskValue === 'number') {
      this.fill = new Float64Array(size).fill(maskValue);
      this.fixedBackground = true;
    } else {
      if (maskValue.length !== size) {
        throw new KiteError(
          'INVALID_ARGUMENT',
          `background image has ${maskValue.length} values, shape [${H}, ${W}, ${C}] needs ${size}`,
        );
      }
      this.fill = Float64Array.from(maskValue);
      this.fixedBackground = true;
    }
    this.clustering = imagePartitionTree(H, W, C);
  }

  bind(image: ArrayLike<number>): BoundMasker<DenseMatrix> {
    const [H, W, C] = this.shape;
    const M = H * W * C;
    if (image.length !== M) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `image has ${image.length} values, shape [${H}, ${W}, ${C}] needs ${M}`,
        {
          hint: 'pass images flattened row-major with channels last',
        },
      );
    }
    const x = Float64Array.from(image);
    const fill =
      this.fill ??
      boxBlur(x, H, W, C, (this.blur as [number, number])[0], (this.blur as [number, number])[1]);
    let buffer = new Float64Array(0);
    return {
      size: M,
      rowsPerMask: 1,
      weights: undefined,
      build(masks, count) {
        if (buffer.length < count * M) buffer = new Float64Array(count * M);
        for (let k = 0; k < count; k++) {
          const o = k * M;
          for (let i = 0; i < M; i++) buffer[o + i] = masks[o + i] ? (x[i] as number) : (fill[i] as number);
        }
        return { rows: count, cols: M, data: buffer.subarray(0, count * M) };
      },
      varying: () => Array.from({ length: M }, (_, i) => i),
      data: Array.from(x),
      clustering: this.clustering,
      featureShape: this.shape,
    };
  }
}

/** OpenCV-style normalised box blur with BORDER_REFLECT_101; kx across columns, ky across rows. */
export function boxBlur(
  x: ArrayLike<number>,
  H: number,
  W: number,
  C: number,
  kx: number,
  ky: number,
): Float64Array {
  const reflect = (i: number, n: number) => {
    if (n === 1) return 0;
    let j = i;
    while (j < 0 || j >= n) j = j < 0 ? -j : 2 * n - 2 - j;
    return j;
  };
  const ax = Math.floor(kx / 2);
  const ay = Math.floor(ky / 2);
  const tmp = new Float64Array(H * W * C);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      for (let z = 0; z < C; z++) {
        let s = 0;
        for (let d = 0; d < kx; d++) s += x[(r * W + reflect(c - ax + d, W)) * C + z] as number;
        tmp[(r * W + c) * C + z] = s / kx;
      }
    }
  }
  const out = new Float64Array(H * W * C);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < W; c++) {
      for (let z = 0; z < C; z++) {
        let s = 0;
        for (let d = 0; d < ky; d++) s += tmp[(reflect(r - ay + d, H) * W + c) * C + z] as number;
        out[(r * W + c) * C + z] = s / ky;
      }
    }
  }
  return out;
}

/**
 * shap's axis-aligned image hierarchy: boxes are split in half (rows first when at least as
 * tall as wide, then columns, then channels), the largest box first; internal node ids are
 * assigned top-down from the root `2M − 2`, and leaf `x·W·C + y·C + z` is feature of that index.
 */
export function imagePartitionTree(H: number, W: number, C: number): Linkage {
  const M = H * W * C;
  const rows: [number, number, number, number][] = Array.from({ length: Math.max(0, M - 1) }, () => [
    0, 0, 0, 0,
  ]);
  type Box = [number, number, number, number, number, number];
  type Entry = { size: number; box: Box; parent: number; left: boolean };
  // largest box first; ties by position as Python's tuple ordering does
  const queue = new MinHeap<Entry>(
    (a, b) => a.size > b.size || (a.size === b.size && compareBox(a.box, b.box) < 0),
  );
  const push = (box: Box, parent: number, left: boolean) => {
    const size = (box[1] - box[0]) * (box[3] - box[2]) * (box[5] - box[4]);
    queue.push({ size, box, parent, left });
  };
  push([0, H, 0, W, 0, C], -1, false);
  let next = M - 2;
  while (queue.size > 0) {
    const item = queue.pop() as Entry;
    const [x0, x1, y0, y1, z0, z1] = item.box;
    const leaf = item.size === 1;
    const id = leaf ? x0 * W * C + y0 * C + z0 : M + next--;
    if (item.parent >= 0) (rows[item.parent - M] as [number, number, number, number])[item.left ? 0 : 1] = id;
    if (leaf) continue;
    const l: Box = [x0, x1, y0, y1, z0, z1];
    const r: Box = [x0, x1, y0, y1, z0, z1];
    const xw = x1 - x0;
    const yw = y1 - y0;
    if (xw >= yw && xw > 1) {
      l[1] = r[0] = x0 + Math.floor(xw / 2);
    } else if (yw > 1) {
      l[3] = r[2] = y0 + Math.floor(yw / 2);
    } else {
      l[5] = r[4] = z0 + Math.floor((z1 - z0) / 2);
    }
    push(l, id, true);
    push(r, id, false);
  }
  for (const row of rows) {
    const size = (c: number) => (c < M ? 1 : ((rows[c - M] as number[])[3] as number));
    row[3] = size(row[0]) + size(row[1]);
  }
  return rows;
}

function compareBox(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return 0;
}
