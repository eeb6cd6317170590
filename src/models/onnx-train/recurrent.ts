/**
 * Recurrent layers as training graphs: Kite's FusedLstm, tfjs's LSTM and GRU, and
 * Bidirectional around those two. Each direction is built by a {@link DirectionBuilder}
 * (`lstm-direction.ts`, `gru-direction.ts`); this file reads the layers' weights and settings,
 * runs the directions and concatenates them as Keras does (forward first).
 */
import type * as tf from '@tensorflow/tfjs';
import { notTrainable, type TrainGraph, type TrainValue } from './graph.js';
import { gruDirection } from './gru-direction.js';
import type { TrainConverter } from './layers-image.js';
import { lstmDirection } from './lstm-direction.js';

/** One direction's weights and settings. */
export interface RecurrentCell {
  kernel: tf.LayerVariable;
  recurrent: tf.LayerVariable;
  bias: tf.LayerVariable;
  units: number;
  reverse: boolean;
  /** Node name prefix. */
  name: string;
}

/** What a direction gives: all states [T, B, u], the final state [B, u], and its gradient. */
export interface Direction {
  h: string;
  last: string;
  backward: (dSeq: string | undefined, dLast: string | undefined, needDx: boolean) => string | undefined;
}
export type DirectionBuilder = (g: TrainGraph, cell: RecurrentCell, x: TrainValue) => Direction;

function combine(
  g: TrainGraph,
  name: string,
  x: TrainValue,
  dirs: Direction[],
  units: number,
  returnSequences: boolean,
): ReturnType<TrainConverter> {
  const [steps, batch] = x.shape as [number, number];
  const width = units * dirs.length;
  const y: TrainValue = returnSequences
    ? {
        name: g.concat(
          dirs.map((d) => d.h),
          2,
          `${name}/seq`,
        ),
        shape: [steps, batch, width],
        layout: 'tbf',
        masked: x.masked ?? false,
      }
    : {
        name: g.concat(
          dirs.map((d) => d.last),
          1,
          `${name}/last`,
        ),
        shape: [batch, width],
        layout: 'flat',
      };
  return {
    y,
    backward: (dy, needDx) => {
      const parts =
        dirs.length === 1 ? [dy] : g.split(dy, returnSequences ? 2 : 1, [units, units], `${name}/d_dirs`);
      const dxs = dirs.map((d, k) =>
        returnSequences ? d.backward(parts[k], undefined, needDx) : d.backward(undefined, parts[k], needDx),
      );
      if (!needDx) return undefined;
      return dxs.length === 1 ? dxs[0] : g.op('Add', [dxs[0]!, dxs[1]!], `${name}/dx`);
    },
  };
}

function checkSequence(g: TrainGraph, layer: tf.layers.Layer, x: TrainValue): void {
  if (x.layout !== 'tbf' || x.shape.length !== 3 || !g.sequence)
    throw notTrainable(layer, `${layer.getClassName()} must read a sequence`);
}

export const fusedLstm: TrainConverter = (g, layer, x) => {
  checkSequence(g, layer, x);
  const c = layer.getConfig() as { units: number; bidirectional: boolean; returnSequences: boolean };
  const w = layer.trainableWeights;
  const dirs = (c.bidirectional ? [false, true] : [false]).map((reverse, d) =>
    lstmDirection(
      g,
      {
        kernel: w[3 * d]!,
        recurrent: w[3 * d + 1]!,
        bias: w[3 * d + 2]!,
        units: c.units,
        reverse,
        name: `${layer.name}/${reverse ? 'bwd' : 'fwd'}`,
      },
      x,
    ),
  );
  return combine(g, layer.name, x, dirs, c.units, c.returnSequences);
};

interface RnnConfig {
  units: number;
  returnSequences: boolean;
  goBackwards?: boolean;
  stateful?: boolean;
  useBias?: boolean;
  activation?: string;
  recurrentActivation?: string;
  dropout?: number;
  recurrentDropout?: number;
  resetAfter?: boolean;
}

/** A tfjs LSTM or GRU layer as one direction; refuses settings the graph does not reproduce. */
function rnnDirection(
  g: TrainGraph,
  layer: tf.layers.Layer,
  x: TrainValue,
  reverse: boolean,
  name: string,
): Direction {
  const kind = layer.getClassName();
  const c = layer.getConfig() as unknown as RnnConfig;
  if (kind !== 'LSTM' && kind !== 'GRU') throw notTrainable(layer, `${kind} is not supported`);
  if (c.recurrentActivation !== 'sigmoid' || (c.activation ?? 'tanh') !== 'tanh')
    throw notTrainable(layer, "only activation 'tanh' with recurrentActivation 'sigmoid' is supported");
  if (c.useBias === false || c.stateful || c.dropout || c.recurrentDropout || c.resetAfter)
    throw notTrainable(
      layer,
      'bias-free, stateful, resetAfter or dropout-in-the-cell recurrent layers are not supported',
    );
  const [kernel, recurrent, bias] = layer.trainableWeights as [
    tf.LayerVariable,
    tf.LayerVariable,
    tf.LayerVariable,
  ];
  // Inside Bidirectional the backward layer has goBackwards set; alone it would also reverse
  // the output sequence, which the graph does not do.
  if (c.goBackwards && !reverse)
    throw notTrainable(layer, 'goBackwards is only supported inside Bidirectional');
  const cell = { kernel, recurrent, bias, units: c.units, reverse, name };
  return (kind === 'LSTM' ? lstmDirection : gruDirection)(g, cell, x);
}

/** tfjs's LSTM and GRU layers. */
export const rnnLayer: TrainConverter = (g, layer, x) => {
  checkSequence(g, layer, x);
  const c = layer.getConfig() as unknown as RnnConfig;
  return combine(
    g,
    layer.name,
    x,
    [rnnDirection(g, layer, x, false, `${layer.name}/fwd`)],
    c.units,
    c.returnSequences,
  );
};

/** Bidirectional (mergeMode 'concat') around a tfjs LSTM or GRU. */
export const bidirectional: TrainConverter = (g, layer, x) => {
  checkSequence(g, layer, x);
  const mode = (layer.getConfig() as { mergeMode?: string }).mergeMode ?? 'concat';
  if (mode !== 'concat') throw notTrainable(layer, `mergeMode '${mode}' is not supported (concat)`);
  const inner = layer as unknown as { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
  const c = inner.forwardLayer.getConfig() as unknown as RnnConfig;
  const dirs = [
    rnnDirection(g, inner.forwardLayer, x, false, `${layer.name}/fwd`),
    rnnDirection(g, inner.backwardLayer, x, true, `${layer.name}/bwd`),
  ];
  return combine(g, layer.name, x, dirs, c.units, c.returnSequences);
};
