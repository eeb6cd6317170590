/**
 * What the LSTM and GRU gradients share: the states each step started from, per-step slices,
 * and the input-side gradients (kernel, bias, inputs) from the gate pre-activations' gradient.
 */
import { attr } from '../onnx/onnx-proto.js';
import type { TrainGraph, TrainParam } from './graph.js';

/** `v` [T, …] as T slices [1, …]. */
export function perStep(g: TrainGraph, v: string, steps: number, base: string): string[] {
  return steps > 1 ? g.split(v, 0, Array(steps).fill(1), base) : [v];
}

/**
 * The state before each step, [T, B, u], from all states `h` (ONNX's LSTM/GRU output): the
 * previous step's forwards, the next step's backwards — zero at the first processed step
 * (for a reverse pass, the row's last real token: the mask of the next step zeroes it).
 */
export function previousStates(
  g: TrainGraph,
  h: string,
  shape: { steps: number; batch: number; units: number },
  reverse: boolean,
  n: string,
): { hPrev: string; zero: string } {
  const { steps, batch, units } = shape;
  const zero = g.zeros([1, batch, units], `${n}/z0`);
  const hs = perStep(g, h, steps, `${n}/hs`);
  if (!reverse) return { hPrev: g.concat([zero, ...hs.slice(0, -1)], 0, `${n}/h_prev`), zero };
  const ms = perStep(g, g.sequence!.mask, steps, `${n}/ms`);
  const next = g.concat([...ms.slice(1), g.zeros([1, batch, 1], `${n}/m0`)], 0, `${n}/m_next`);
  const hPrev = g.op('Mul', [g.concat([...hs.slice(1), zero], 0, `${n}/h_next`), next], `${n}/h_prev`);
  return { hPrev, zero };
}

/**
 * Adds the kernel and bias gradients from dZ [T·B, G] (gate pre-activations) and the inputs
 * X [T·B, D]; returns dX [T, B, D] when asked.
 */
export function inputSideGradients(
  g: TrainGraph,
  p: { kernel: TrainParam; bias: TrainParam; x2: string; dz2: string },
  shape: { steps: number; batch: number; dim: number },
  needDx: boolean,
  n: string,
): string | undefined {
  g.addGrad(p.kernel, g.op('Gemm', [p.x2, p.dz2], `${n}/dk`, { transA: attr.int(1) }));
  g.addGrad(p.bias, g.sum(p.dz2, [0], `${n}/db`));
  if (!needDx) return undefined;
  const dx2 = g.op('Gemm', [p.dz2, p.kernel.name], `${n}/dx2`, { transB: attr.int(1) });
  return g.reshape(dx2, [shape.steps, shape.batch, shape.dim], `${n}/dx`);
}
