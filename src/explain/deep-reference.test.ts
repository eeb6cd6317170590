/**
 * DeepExplainer against the Python shap library's DeepExplainer (TensorFlow backend) on Dense
 * networks with fixed weights (fixtures/deep-reference.json, made by
 * bench/explain/make-deep-fixtures.py). shap runs in float32, Kite in float64: values agree to
 * float32 rounding.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeepExplainer } from './deep.js';
import type { ActivationName, DeepLayer, DenseNetwork } from './deep-network.js';

const ref = JSON.parse(readFileSync(new URL('./fixtures/deep-reference.json', import.meta.url), 'utf8'));

interface Case {
  layers: { kernel: number[]; bias: number[]; inputs: number; units: number; activation: string }[];
  background: number[][];
  X: number[][];
  values: number[][][];
  expected: number[];
  output: number[][];
}

function networkOf(c: Case): DenseNetwork {
  const layers: DeepLayer[] = [];
  for (const l of c.layers) {
    layers.push({
      kind: 'dense',
      kernel: Float64Array.from(l.kernel),
      bias: Float64Array.from(l.bias),
      inputs: l.inputs,
      units: l.units,
    });
    if (l.activation === 'softmax') layers.push({ kind: 'softmax' });
    else if (l.activation !== 'linear')
      layers.push({ kind: 'activation', activation: l.activation as ActivationName });
  }
  return { inputs: c.layers[0]!.inputs, layers };
}

/** Largest |a − b| / (1 + |b|) (float32 rounding scales with the magnitude). */
function relErr(a: number, b: number): number {
  return Math.abs(a - b) / (1 + Math.abs(b));
}

describe('DeepExplainer vs shap (TensorFlow)', () => {
  it.each(['linear', 'relu', 'elu', 'selu', 'sigmoid', 'tanh', 'mlp', 'softmax'])('%s', async (name) => {
    const c = ref[name] as Case;
    const ex = new DeepExplainer(networkOf(c), c.background);
    const K = c.expected.length;
    const E = (K > 1 ? ex.expectedValue : [ex.expectedValue]) as number[];
    let worstE = 0;
    E.forEach((e, k) => {
      worstE = Math.max(worstE, relErr(e, c.expected[k]!));
    });
    expect(worstE).toBeLessThan(1e-5);
    const e = await ex.explain(c.X);
    let worst = 0;
    c.X.forEach((_, i) => {
      c.values[i]!.forEach((cell, j) => {
        cell.forEach((v, k) => {
          worst = Math.max(worst, relErr(e.value(i, j, k), v));
        });
      });
    });
    expect(worst).toBeLessThan(1e-5); // observed ≤ 2.1e-6 (selu), float32 rounding in shap
  });
});
