/**
 * CMA-ES (Hansen's "CMA Evolution Strategy: a tutorial", 2016 defaults) on the unit cube,
 * with ask/tell and a JSON-safe state, as used by the `cmaes` algorithm.
 */
import { eigSym } from '../linalg.js';
import type { Rng } from '../rng.js';

export interface CmaState {
  n: number;
  lambda: number;
  mean: number[];
  sigma: number;
  c: number[]; // n×n row-major
  pc: number[];
  ps: number[];
  generation: number;
  /** Best loss of each finished generation (for the TolFun restart test). */
  history: number[];
}

/** A fresh state with mean `mean`, step size `sigma` and population `lambda`. */
export function cmaInit(mean: number[], sigma: number, lambda?: number): CmaState {
  const n = mean.length;
  const c = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) c[i * n + i] = 1;
  return {
    n,
    lambda: lambda ?? 4 + Math.floor(3 * Math.log(n)),
    mean: [...mean],
    sigma,
    c,
    pc: new Array<number>(n).fill(0),
    ps: new Array<number>(n).fill(0),
    generation: 0,
    history: [],
  };
}

function weightsOf(lambda: number) {
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  const s = raw.reduce((a, b) => a + b, 0);
  const w = raw.map((x) => x / s);
  const muEff = 1 / w.reduce((a, b) => a + b * b, 0);
  return { mu, w, muEff };
}

/** Samples one point in [0,1]^n (resampled up to 100 times, then clipped). */
export function cmaAsk(st: CmaState, rng: Rng): number[] {
  const { d, b } = eigSym(st.c, st.n);
  const sd = d.map((x) => Math.sqrt(Math.max(x, 1e-20)));
  for (let tries = 0; ; tries++) {
    const z = Array.from({ length: st.n }, () => rng.normal());
    const y = new Array<number>(st.n).fill(0);
    for (let i = 0; i < st.n; i++)
      for (let j = 0; j < st.n; j++) y[i] = (y[i] ?? 0) + (b[i * st.n + j] ?? 0) * (sd[j] ?? 0) * (z[j] ?? 0);
    const x = st.mean.map((m, i) => m + st.sigma * (y[i] ?? 0));
    if (x.every((v) => v >= 0 && v <= 1) || tries >= 100) return x.map((v) => Math.min(1, Math.max(0, v)));
  }
}

/** Updates the distribution from one generation of (x, loss) pairs. */
export function cmaTell(st: CmaState, solutions: { x: number[]; loss: number }[]): CmaState {
  const n = st.n;
  const { mu, w, muEff } = weightsOf(st.lambda);
  const sorted = [...solutions].sort((a, b) => a.loss - b.loss);
  const cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const cs = (muEff + 2) / (n + muEff + 5);
  const c1 = 2 / ((n + 1.3) ** 2 + muEff);
  const cmu = Math.min(1 - c1, (2 * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + muEff));
  const damps = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cs;
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const old = st.mean;
  const ys = sorted.slice(0, mu).map((s) => s.x.map((v, i) => (v - (old[i] ?? 0)) / st.sigma));
  const yw = new Array<number>(n).fill(0);
  ys.forEach((y, k) => {
    for (let i = 0; i < n; i++) yw[i] = (yw[i] ?? 0) + (w[k] ?? 0) * (y[i] ?? 0);
  });
  const mean = old.map((m, i) => m + st.sigma * (yw[i] ?? 0));
  // C^{-1/2} · yw
  const { d, b } = eigSym(st.c, n);
  const inv = d.map((x) => 1 / Math.sqrt(Math.max(x, 1e-20)));
  const bt = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) bt[j] = (bt[j] ?? 0) + (b[i * n + j] ?? 0) * (yw[i] ?? 0);
  const cInvY = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      cInvY[i] = (cInvY[i] ?? 0) + (b[i * n + j] ?? 0) * (inv[j] ?? 0) * (bt[j] ?? 0);
  const ps = st.ps.map((p, i) => (1 - cs) * p + Math.sqrt(cs * (2 - cs) * muEff) * (cInvY[i] ?? 0));
  const psNorm = Math.sqrt(ps.reduce((a, x) => a + x * x, 0));
  const gen = st.generation + 1;
  const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * gen)) < (1.4 + 2 / (n + 1)) * chiN ? 1 : 0;
  const pc = st.pc.map((p, i) => (1 - cc) * p + hsig * Math.sqrt(cc * (2 - cc) * muEff) * (yw[i] ?? 0));
  const c = new Array<number>(n * n).fill(0);
  const dh = (1 - hsig) * cc * (2 - cc);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let rankMu = 0;
      ys.forEach((y, k) => {
        rankMu += (w[k] ?? 0) * (y[i] ?? 0) * (y[j] ?? 0);
      });
      c[i * n + j] =
        (1 - c1 - cmu) * (st.c[i * n + j] ?? 0) +
        c1 * ((pc[i] ?? 0) * (pc[j] ?? 0) + dh * (st.c[i * n + j] ?? 0)) +
        cmu * rankMu;
    }
  const sigma = st.sigma * Math.exp((cs / damps) * (psNorm / chiN - 1));
  return {
    ...st,
    mean,
    sigma: Math.min(sigma, 1e3),
    c,
    pc,
    ps,
    generation: gen,
    history: [...st.history, sorted[0]?.loss ?? Number.POSITIVE_INFINITY].slice(-30),
  };
}

/** The usual termination tests (tolX, tolFun over the recent history, condition number). */
export function cmaShouldStop(st: CmaState): boolean {
  const { d } = eigSym(st.c, st.n);
  const maxD = Math.max(...d);
  const minD = Math.max(Math.min(...d), 1e-300);
  if (maxD / minD > 1e14) return true;
  if (st.sigma * Math.sqrt(maxD) < 1e-12) return true;
  const h = st.history;
  const span = 10 + Math.ceil((30 * st.n) / st.lambda);
  if (h.length >= Math.min(span, 30)) {
    const recent = h.slice(-Math.min(span, 30));
    if (Math.max(...recent) - Math.min(...recent) < 1e-12) return true;
  }
  return false;
}
