/**
 * The shap conformance cases (../shared/contracts/shap/cases.md), read from the copy in
 * fixtures/shap-cases.json. Other cases (K1, K2, K4, K5, K8, E3, PM1 in full, PT1, G1, M1/M2
 * details, PL1) are tested beside the code they exercise; T1/T3/T4 in tree.test.ts and D1–D3 in
 * deep.test.ts (fixtures/shap-cases-tree.json, fixtures/shap-cases-deep.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from './brute-force.js';
import { balancedLinkage } from './cluster.js';
import { ExactExplainer } from './exact.js';
import { KernelExplainer } from './kernel.js';
import { kernelPlan, resolveNsamples } from './kernel-plan.js';
import { PartitionMasker } from './maskers/tabular.js';
import { TextMasker } from './maskers/text.js';
import { PartitionExplainer } from './partition.js';
import { PermutationExplainer } from './permutation.js';
import { createRng } from './rng.js';

const cases = JSON.parse(readFileSync(new URL('./fixtures/shap-cases.json', import.meta.url), 'utf8'));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const bits = (s: string) => Uint8Array.from(s, (c) => (c === 'T' ? 1 : 0));

describe('shap conformance cases (fixture)', () => {
  it('K3', async () => {
    const c = cases.K3;
    const f = (B: number[][]) => B.map((x) => x.reduce((s, v, j) => s + v * c.beta[j], c.intercept));
    const e = await new KernelExplainer(f, c.background).explain([c.x]);
    expect(maxAbsDiff(e.rowValues(0), c.phi)).toBeLessThan(c.tol);
    expect(e.baseValue(0)).toBe(c.base);
    expect(Math.abs(e.outputValue(0) - c.fx)).toBeLessThan(c.tol);
  });

  it('K7', async () => {
    const c = cases.K7;
    const p = (B: number[][]) =>
      B.map((z) => sigmoid(c.intercept + z.reduce((s, v, j) => s + v * c.coef[j], 0)));
    const e = await new KernelExplainer(p, c.background, { link: 'logit' }).explain([c.x]);
    expect(maxAbsDiff(e.rowValues(0), c.phi)).toBeLessThan(c.tol);
  });

  it('K10', () => {
    for (const [M, total, enumerated] of cases.K10.plans as [number, number, number][]) {
      const { nsamples, maxSamples } = resolveNsamples(M, 'auto');
      const plan = kernelPlan(M, nsamples, maxSamples, createRng(0));
      expect([nsamples, plan.enumerated, plan.count]).toEqual([total, enumerated, total]);
    }
    const w = kernelPlan(4, 14, 14, createRng(0)).weights;
    expect(Math.max(...w)).toBeCloseTo(cases.K10.M4_weights.size1or3, 15);
    expect(Math.min(...w)).toBeCloseTo(cases.K10.M4_weights.size2, 15);
  });

  it('E1', async () => {
    const c = cases.E1;
    const f = (X: number[][]) =>
      X.map((x) => [x.reduce((a, b) => a + b, 0), 2 * x.reduce((a, b) => a + b, 0)]);
    const e = await new ExactExplainer(f, c.background).explain([c.x]);
    expect(e.baseValues).toEqual([c.base]);
    expect(maxAbsDiff((e.values as number[][][])[0]!.flat(), c.phi.flat())).toBeLessThan(c.tol);
  });

  it('PM1', async () => {
    const f = (B: number[][]) => B.map((x) => x[0]! * x[2]! + x[1]! + x[2]! + x[2]! * x[3]!);
    const e = await new PermutationExplainer(f, [[0, 0, 0, 0, 0]]).explain([cases.PM1.x]);
    expect(maxAbsDiff(e.rowValues(0), cases.PM1.phi)).toBeLessThan(1e-12);
  });

  it('PT2', async () => {
    const c = cases.PT2;
    const f = (B: number[][]) =>
      B.map((b) => b.reduce((s, v) => s + v, 0) + (b[0] !== 0 && b[5] !== 0 ? 10 : 0));
    const masker = new PartitionMasker([new Array(8).fill(0)], { clustering: balancedLinkage(8) });
    const full = new PartitionExplainer(f, masker);
    expect(maxAbsDiff((await full.explain([c.x])).rowValues(0), c.full.phi)).toBeLessThan(1e-12);
    expect(full.stats.masks).toBe(c.full.evals);
    const small = await new PartitionExplainer(f, masker, { maxEvals: 10 }).explain([c.x]);
    expect(maxAbsDiff(small.rowValues(0), c.maxEvals10.phi)).toBeLessThan(1e-12);
  });

  it('M1 and M2', () => {
    const simple = new TextMasker().bind(cases.M1.text);
    for (const [m, want] of cases.M1.simple as [string, string][])
      expect(simple.build(bits(m), 1)[0]).toBe(want);
    const toks = cases.M1.gpt2Tokens as string[];
    const gpt2 = new TextMasker({
      maskToken: '...',
      collapseMaskToken: true,
      tokenizer: {
        tokenize: (s) => {
          let pos = 0;
          const offsets = toks.map((t) => {
            const at = s.indexOf(t, pos);
            pos = at + t.length;
            return [at, at + t.length] as const;
          });
          return { tokens: toks, offsets };
        },
      },
    }).bind(cases.M1.text);
    for (const [m, want] of cases.M1.gpt2 as [string, string][]) expect(gpt2.build(bits(m), 1)[0]).toBe(want);
  });
});
