/**
 * Max and average pooling (valid padding, NCHW) and their gradients.
 *
 * Windows that do not overlap (stride = pool size, the builders' case) spread a per-window
 * value back over its window with nearest-neighbour Resize, which ONNX Runtime runs fast;
 * rows and columns no window covers get zero gradient (Pad). Max pooling keeps the positions
 * equal to the window's maximum — ONNX Runtime's MaxPool with indices, for MaxUnpool, was 10×
 * slower than without them (9 vs 0.8 ms in a 47 ms CNN step); Expand (29 ms) and strided slices
 * + DepthToSpace (10 ms) were slower than Resize. Exact ties of a maximum all get the gradient
 * (tfjs picks one); after a ReLU the only likely tie, 0, gets none either way.
 * Overlapping windows: a scatter-add at the forward MaxPool's indices (MaxUnpool keeps one
 * value where two windows pick the same position); for averages, a depthwise ConvTranspose with
 * a constant kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import { attr } from '../onnx/onnx-proto.js';
import { notTrainable, type TrainGraph, type TrainValue } from './graph.js';
import { pair, type TrainConverter } from './layers-image.js';

interface Pool {
  n: number;
  ch: number;
  h: number;
  w: number;
  ph: number;
  pw: number;
  sh: number;
  sw: number;
  oh: number;
  ow: number;
  attrs: Record<string, ReturnType<typeof attr.ints>>;
}

function poolShape(layer: tf.layers.Layer, x: TrainValue): Pool {
  const c = layer.getConfig() as Record<string, unknown>;
  const [ph, pw] = pair(c.poolSize);
  const [sh, sw] = pair(c.strides ?? c.poolSize);
  if (c.padding !== 'valid') throw notTrainable(layer, "only 'valid' pooling is supported");
  if (x.layout !== 'nchw') throw notTrainable(layer, `${layer.getClassName()} must read an image`);
  const [n, ch, h, w] = x.shape as [number, number, number, number];
  const [oh, ow] = [Math.floor((h - ph) / sh) + 1, Math.floor((w - pw) / sw) + 1];
  return {
    n,
    ch,
    h,
    w,
    ph,
    pw,
    sh,
    sw,
    oh,
    ow,
    attrs: { kernel_shape: attr.ints([ph, pw]), strides: attr.ints([sh, sw]) },
  };
}

/** A per-window value [N, C, oh, ow] repeated over each (disjoint) window. */
function spread(g: TrainGraph, v: string, p: Pool, base: string): string {
  return g.op('Resize', [v, '', g.floats(`${base}_scales`, [4], [1, 1, p.ph, p.pw])], `${base}_up`, {
    mode: attr.string('nearest'),
    coordinate_transformation_mode: attr.string('asymmetric'),
    nearest_mode: attr.string('floor'),
  });
}

/** Zero rows and columns for the input no window reached. */
function padUncovered(g: TrainGraph, dx: string, p: Pool, covered: [number, number], base: string): string {
  const [hc, wc] = covered;
  if (hc === p.h && wc === p.w) return dx;
  return g.op('Pad', [dx, g.int64s(`${base}_pads`, [0, 0, 0, 0, 0, 0, p.h - hc, p.w - wc])], base);
}

export const maxPool2d: TrainConverter = (g, layer, x) => {
  const p = poolShape(layer, x);
  const l = layer.name;
  const y = { shape: [p.n, p.ch, p.oh, p.ow], layout: 'nchw' as const };
  if (p.sh !== p.ph || p.sw !== p.pw) {
    const [out, indices] = g.ops('MaxPool', [x.name], 2, `${l}/maxpool`, p.attrs);
    return {
      y: { ...y, name: out! },
      // Overlapping windows can pick one position twice: scatter-add over the flattened input
      // (MaxPool's indices count over N·C·H·W); MaxUnpool would keep only one of the two.
      backward: (dy) => {
        const flat = (v: string, s: string) => g.reshape(v, [-1], `${l}/${s}`);
        const dx = g.op(
          'ScatterElements',
          [g.zeros([p.n * p.ch * p.h * p.w], `${l}/zeros`), flat(indices!, 'idx_flat'), flat(dy, 'dy_flat')],
          `${l}/scatter`,
          { axis: attr.int(0), reduction: attr.string('add') },
        );
        return g.reshape(dx, x.shape, `${l}/dx`);
      },
    };
  }
  const out = g.op('MaxPool', [x.name], `${l}/maxpool`, p.attrs);
  return {
    y: { ...y, name: out },
    backward: (dy) => {
      const [hc, wc] = [p.oh * p.ph, p.ow * p.pw];
      const covered =
        hc === p.h && wc === p.w
          ? x.name
          : g.op(
              'Slice',
              [
                x.name,
                g.int64s(`${l}/starts`, [0, 0]),
                g.int64s(`${l}/ends`, [hc, wc]),
                g.int64s(`${l}/axes`, [2, 3]),
              ],
              `${l}/covered`,
            );
      const winners = g.op(
        'Cast',
        [g.op('Equal', [covered, spread(g, out, p, `${l}/max`)], `${l}/eq`)],
        `${l}/winners`,
        {
          to: attr.int(1),
        },
      );
      const dx = g.op('Mul', [winners, spread(g, dy, p, `${l}/dy`)], `${l}/dx_covered`);
      return padUncovered(g, dx, p, [hc, wc], `${l}/dx`);
    },
  };
};

export const avgPool2d: TrainConverter = (g, layer, x) => {
  const p = poolShape(layer, x);
  const l = layer.name;
  const out = g.op('AveragePool', [x.name], `${l}/avgpool`, p.attrs);
  return {
    y: { name: out, shape: [p.n, p.ch, p.oh, p.ow], layout: 'nchw' },
    backward: (dy) => {
      const share = g.op('Mul', [dy, g.scalar(1 / (p.ph * p.pw))], `${l}/share`);
      if (p.sh === p.ph && p.sw === p.pw)
        return padUncovered(g, spread(g, share, p, `${l}/dy`), p, [p.oh * p.ph, p.ow * p.pw], `${l}/dx`);
      const ones = g.floats(`${l}/ones`, [p.ch, 1, p.ph, p.pw], new Float32Array(p.ch * p.ph * p.pw).fill(1));
      const dx = g.op('ConvTranspose', [share, ones], `${l}/dx_covered`, {
        ...p.attrs,
        group: attr.int(p.ch),
      });
      return padUncovered(g, dx, p, [(p.oh - 1) * p.sh + p.ph, (p.ow - 1) * p.sw + p.pw], `${l}/dx`);
    },
  };
};
