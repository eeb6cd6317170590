/**
 * The optimizer's update as graph nodes, with tfjs's exact formulas
 * (tfjs-core/src/optimizers/adam_optimizer.ts, momentum_optimizer.ts, rmsprop_optimizer.ts):
 * - Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε);
 * - momentum (Kite's 'sgd'): a ← μa + g, w ← w − lr·a;
 * - RMSProp (not centered): s ← ρs + (1−ρ)g², a ← μa + lr·g/√(s + ε), w ← w − a.
 * Step-dependent numbers (lr, 1/(1−β₁ᵗ), 1/(1−β₂ᵗ)) are scalar inputs, so one graph serves
 * every step.
 */
import type * as tf from '@tensorflow/tfjs';
import { KiteError } from '../../core/index.js';
import type { OnnxValueInfo } from '../onnx/onnx-proto.js';
import type { TrainGraph } from './graph.js';

export type OptimizerSpec =
  | { kind: 'adam'; beta1: number; beta2: number; epsilon: number }
  | { kind: 'momentum'; momentum: number; nesterov: boolean }
  | { kind: 'rmsprop'; decay: number; momentum: number; epsilon: number };

interface OptimizerFields {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  momentum?: number;
  useNesterov?: boolean;
  decay?: number;
  centered?: boolean;
}

/** The model's optimizer as a spec; `KiteError('UNSUPPORTED')` for others. */
export function optimizerSpec(model: tf.LayersModel): OptimizerSpec {
  const opt = model.optimizer as unknown as (OptimizerFields & { getClassName(): string }) | undefined;
  const name = opt?.getClassName();
  if (name === 'Adam')
    return { kind: 'adam', beta1: opt!.beta1!, beta2: opt!.beta2!, epsilon: opt!.epsilon! };
  if (name === 'Momentum' && !opt!.useNesterov)
    return { kind: 'momentum', momentum: opt!.momentum!, nesterov: false };
  if (name === 'RMSProp' && !opt!.centered)
    return { kind: 'rmsprop', decay: opt!.decay!, momentum: opt!.momentum!, epsilon: opt!.epsilon! };
  throw new KiteError('UNSUPPORTED', `ONNX training: optimizer '${name ?? 'none'}' is not supported`, {
    hint: "compile the model with Adam, momentum SGD or RMSProp (not centered, not Nesterov), or train with engine 'tfjs'",
  });
}

/** The optimizer's learning rate now (tfjs keeps it on the optimizer). */
export function learningRate(model: tf.LayersModel): number {
  return (model.optimizer as unknown as OptimizerFields).learningRate!;
}

/** Scalar inputs for step `t` (1-based). */
export function stepScalars(spec: OptimizerSpec, lr: number, t: number): Record<string, number> {
  if (spec.kind !== 'adam') return { opt_lr: lr };
  return { opt_lr: lr, opt_c1: 1 / (1 - spec.beta1 ** t), opt_c2: 1 / (1 - spec.beta2 ** t) };
}

/** Adds the update of every parameter; returns the new graph inputs and the output names. */
export function updateNodes(
  g: TrainGraph,
  spec: OptimizerSpec,
): { inputs: OnnxValueInfo[]; params: string[]; state: string[][]; stateInputs: string[][] } {
  const scalar = (name: string): string => g.reserve(name);
  const lr = scalar('opt_lr');
  const inputs: OnnxValueInfo[] = [{ name: lr, type: 'float32', shape: [] }];
  const params: string[] = [];
  const state: string[][] = [];
  const stateInputs: string[][] = [];
  if (spec.kind === 'adam') {
    const c1 = scalar('opt_c1');
    const c2 = scalar('opt_c2');
    inputs.push({ name: c1, type: 'float32', shape: [] }, { name: c2, type: 'float32', shape: [] });
    for (const [k, p] of g.params.entries()) {
      const m = g.reserve(`state_${k}_m`);
      const v = g.reserve(`state_${k}_v`);
      inputs.push({ name: m, type: 'float32', shape: p.shape }, { name: v, type: 'float32', shape: p.shape });
      const gr = p.grad!;
      const m1 = g.op(
        'Add',
        [
          g.op('Mul', [m, g.scalar(spec.beta1)], `${p.name}_m_decay`),
          g.op('Mul', [gr, g.scalar(1 - spec.beta1)], `${p.name}_m_add`),
        ],
        `new_${k}_m`,
      );
      const g2 = g.op('Mul', [gr, gr], `${p.name}_g2`);
      const v1 = g.op(
        'Add',
        [
          g.op('Mul', [v, g.scalar(spec.beta2)], `${p.name}_v_decay`),
          g.op('Mul', [g2, g.scalar(1 - spec.beta2)], `${p.name}_v_add`),
        ],
        `new_${k}_v`,
      );
      const denom = g.op(
        'Add',
        [g.op('Sqrt', [g.op('Mul', [v1, c2], `${p.name}_vhat`)], `${p.name}_sqrt`), g.scalar(spec.epsilon)],
        `${p.name}_denom`,
      );
      const step = g.op('Div', [g.op('Mul', [m1, c1], `${p.name}_mhat`), denom], `${p.name}_dir`);
      params.push(g.op('Sub', [p.name, g.op('Mul', [step, lr], `${p.name}_step`)], `new_${k}`));
      state.push([m1, v1]);
      stateInputs.push([m, v]);
    }
  } else if (spec.kind === 'rmsprop') {
    for (const [k, p] of g.params.entries()) {
      const ms = g.reserve(`state_${k}_m`);
      const mom = g.reserve(`state_${k}_v`);
      inputs.push(
        { name: ms, type: 'float32', shape: p.shape },
        { name: mom, type: 'float32', shape: p.shape },
      );
      const gr = p.grad!;
      const ms1 = g.op(
        'Add',
        [
          g.op('Mul', [ms, g.scalar(spec.decay)], `${p.name}_ms_decay`),
          g.op('Mul', [g.op('Mul', [gr, gr], `${p.name}_g2`), g.scalar(1 - spec.decay)], `${p.name}_ms_add`),
        ],
        `new_${k}_ms`,
      );
      const rms = g.op(
        'Sqrt',
        [g.op('Add', [ms1, g.scalar(spec.epsilon)], `${p.name}_ms_eps`)],
        `${p.name}_rms`,
      );
      const stepSize = g.op('Div', [g.op('Mul', [gr, lr], `${p.name}_lr_g`), rms], `${p.name}_scaled`);
      const mom1 = g.op(
        'Add',
        [g.op('Mul', [mom, g.scalar(spec.momentum)], `${p.name}_mom_decay`), stepSize],
        `new_${k}_mom`,
      );
      params.push(g.op('Sub', [p.name, mom1], `new_${k}`));
      state.push([ms1, mom1]);
      stateInputs.push([ms, mom]);
    }
  } else {
    for (const [k, p] of g.params.entries()) {
      const a = g.reserve(`state_${k}_a`);
      inputs.push({ name: a, type: 'float32', shape: p.shape });
      const a1 = g.op(
        'Add',
        [g.op('Mul', [a, g.scalar(spec.momentum)], `${p.name}_a_decay`), p.grad!],
        `new_${k}_a`,
      );
      params.push(g.op('Sub', [p.name, g.op('Mul', [a1, lr], `${p.name}_step`)], `new_${k}`));
      state.push([a1]);
      stateInputs.push([a]);
    }
  }
  return { inputs, params, state, stateInputs };
}
