/**
 * `bayesianoptimization`: skopt's `Optimizer` with a Gaussian process, as Katib's skopt
 * service configures it. Settings (Katib names/defaults): `base_estimator` "GP" (RF/ET/GBRT
 * accepted by validation, run with the GP — Kite has only the GP), `n_initial_points` 10,
 * `acq_func` "gp_hedge" (EI/PI/LCB portfolio; also EI, PI, LCB; EIps/PIps run as EI/PI),
 * `acq_optimizer` "auto" (random candidates, then a local refinement of the best ones),
 * `random_state`. Katib's quirk kept: doubles are searched on a log scale (skopt "log-uniform")
 * when min > 0. Batches use skopt's constant liar (cl_min); running trials are lies too.
 */

import { fitGp, type GpModel, type GpParams } from '../gp.js';
import { normCdf, normPdf } from '../normal.js';
import type { Rng } from '../rng.js';
import type { Point, SearchSpace } from '../search-space.js';
import { isChoice, snap } from '../search-space.js';
import { type AlgorithmFactory, isIntString, seedOf } from './algorithm.js';
import { rngAt, samplePoint } from './random.js';

const ESTIMATORS = ['GP', 'RF', 'ET', 'GBRT'];
const ACQ = ['gp_hedge', 'LCB', 'EI', 'PI', 'EIps', 'PIps'];
const OPT = ['auto', 'sampling', 'lbfgs'];

/** Encodes points into the unit cube (one-hot for choices). */
export function encoder(space: SearchSpace) {
  const logOf = (i: number): boolean => {
    const p = space[i];
    return p !== undefined && !isChoice(p) && p.kind === 'double' && p.min > 0;
  };
  const encode = (pt: Point): number[] => {
    const out: number[] = [];
    space.forEach((p, i) => {
      const v = pt[p.name];
      if (isChoice(p)) {
        for (const c of p.list) out.push(String(v) === c ? 1 : 0);
      } else if (p.max === p.min) out.push(0.5);
      else if (logOf(i))
        out.push((Math.log(Number(v)) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min)));
      else out.push((Number(v) - p.min) / (p.max - p.min));
    });
    return out;
  };
  const decode = (x: readonly number[]): Point => {
    const out: Point = {};
    let j = 0;
    space.forEach((p, i) => {
      if (isChoice(p)) {
        let best = 0;
        for (let k = 0; k < p.list.length; k++) if ((x[j + k] ?? 0) > (x[j + best] ?? 0)) best = k;
        out[p.name] = p.list[best] ?? '';
        j += p.list.length;
        return;
      }
      const u = Math.min(1, Math.max(0, x[j++] ?? 0));
      const raw = logOf(i)
        ? Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min)))
        : p.min + u * (p.max - p.min);
      out[p.name] = snap(p, raw);
    });
    return out;
  };
  const groups: number[] = [];
  space.forEach((p, i) => {
    if (isChoice(p)) groups.push(...p.list.map(() => i));
    else groups.push(i);
  });
  return { encode, decode, groups };
}

type Acq = 'EI' | 'PI' | 'LCB';

function acquisition(kind: Acq, m: { mean: number; std: number }, yBest: number): number {
  // Larger is better here (skopt minimises the negative).
  const xi = 0.01;
  if (kind === 'LCB') return -(m.mean - 1.96 * m.std);
  const z = (yBest - xi - m.mean) / m.std;
  if (kind === 'PI') return normCdf(z);
  return (yBest - xi - m.mean) * normCdf(z) + m.std * normPdf(z);
}

function optimiseAcq(
  gp: GpModel,
  kind: Acq,
  yBest: number,
  dims: number,
  rng: Rng,
  space: SearchSpace,
  enc: ReturnType<typeof encoder>,
): number[] {
  const nCand = 1000;
  const scored: { x: number[]; a: number }[] = [];
  for (let i = 0; i < nCand; i++) {
    const x = enc.encode(samplePoint(space, rng));
    scored.push({ x, a: acquisition(kind, gp.predict(x), yBest) });
  }
  scored.sort((a, b) => b.a - a.a);
  let best = scored[0] ?? { x: new Array<number>(dims).fill(0.5), a: 0 };
  // Local refinement of the 5 best (stands in for skopt's L-BFGS restarts).
  for (const start of scored.slice(0, 5)) {
    let cur = start;
    let step = 0.05;
    for (let it = 0; it < 30; it++) {
      const x = cur.x.map((v) => Math.min(1, Math.max(0, v + step * rng.normal())));
      const a = acquisition(kind, gp.predict(x), yBest);
      if (a > cur.a) cur = { x, a };
      else step *= 0.9;
    }
    if (cur.a > best.a) best = cur;
  }
  return best.x;
}

export const bayesianOptimization: AlgorithmFactory = {
  name: 'bayesianoptimization',
  validate: ({ settings }) => {
    for (const [name, v] of Object.entries(settings)) {
      if (name === 'base_estimator' && !ESTIMATORS.includes(v))
        return [`base_estimator ${v} is not supported in Bayesian optimization`];
      if (name === 'n_initial_points') {
        if (!isIntString(v))
          return [
            `failed to validate n_initial_points(${v}): invalid literal for int() with base 10: '${v}'`,
          ];
        if (Number(v) < 0) return ['n_initial_points should be great or equal than zero'];
      } else if (name === 'acq_func' && !ACQ.includes(v))
        return [`acq_func ${v} is not supported in Bayesian optimization`];
      else if (name === 'acq_optimizer' && !OPT.includes(v))
        return [`acq_optimizer ${v} is not supported in Bayesian optimization`];
      else if (name === 'random_state') {
        if (!isIntString(v))
          return [`failed to validate random_state(${v}): invalid literal for int() with base 10: '${v}'`];
        if (Number(v) < 0) return ['random_state should be great or equal than zero'];
      } else if (
        !['base_estimator', 'n_initial_points', 'acq_func', 'acq_optimizer', 'random_state'].includes(name)
      )
        return [`unknown setting ${name} for algorithm bayesianoptimization`];
    }
    return [];
  },
  create: ({ space, settings }) => {
    const seed = seedOf(settings);
    const nInitial = Number.parseInt(settings.n_initial_points ?? '10', 10);
    const acqSetting = settings.acq_func ?? 'gp_hedge';
    const enc = encoder(space);
    let params: GpParams | undefined;
    const gains: Record<Acq, number> = { EI: 0, PI: 0, LCB: 0 };
    let lastPicks: Partial<Record<Acq, number[]>> = {};
    return {
      name: 'bayesianoptimization',
      exportState: () => ({ params, gains }),
      importState: (s) => {
        const st = s as { params?: GpParams; gains?: Record<Acq, number> } | undefined;
        params = st?.params;
        if (st?.gains) Object.assign(gains, st.gains);
      },
      suggest: ({ trials, count }) => {
        const rng = rngAt(seed, trials.length);
        const done = trials.filter((t) => t.loss !== undefined && Number.isFinite(t.loss));
        if (done.length < nInitial)
          return Array.from({ length: count }, () => ({ point: samplePoint(space, rng) }));
        const xs = done.map((t) => enc.encode(t.point));
        const ys = done.map((t) => t.loss as number);
        const running = trials
          .filter((t) => t.state === 'Running' || t.state === 'Created')
          .map((t) => enc.encode(t.point));
        const out = [];
        // Hyperparameters are searched on every trial early on, then every 5th (skopt refits
        // each time with L-BFGS; this keeps the cost of a suggestion near-linear in practice).
        const optimise = params === undefined || done.length < 20 || done.length % 5 === 0;
        let gp = fitGp(xs, ys, params, { groups: enc.groups, optimise });
        params = gp.params;
        // gp_hedge gains: how good the last picks turned out under the refreshed model.
        for (const [k, x] of Object.entries(lastPicks) as [Acq, number[]][]) gains[k] -= gp.predict(x).mean;
        lastPicks = {};
        const lie = Math.min(...ys);
        const allX = [...xs];
        const allY = [...ys];
        for (const x of running) {
          allX.push(x);
          allY.push(lie);
        }
        if (running.length > 0) gp = fitGp(allX, allY, params, { groups: enc.groups, optimise: false });
        for (let k = 0; k < count; k++) {
          let x: number[];
          if (acqSetting === 'gp_hedge') {
            const kinds: Acq[] = ['EI', 'LCB', 'PI'];
            const picks = kinds.map((a) => optimiseAcq(gp, a, Math.min(...allY), 0, rng, space, enc));
            const g = kinds.map((a) => gains[a]);
            const m = Math.max(...g);
            const w = g.map((v) => Math.exp(v - m));
            const t = w.reduce((a, b) => a + b, 0);
            let u = rng.next() * t;
            let idx = 0;
            while (idx < kinds.length - 1 && u > (w[idx] ?? 0)) u -= w[idx++] ?? 0;
            x = picks[idx] ?? [];
            kinds.forEach((a, i) => {
              lastPicks[a] = picks[i] ?? [];
            });
          } else {
            const kind = (acqSetting === 'EIps' ? 'EI' : acqSetting === 'PIps' ? 'PI' : acqSetting) as Acq;
            x = optimiseAcq(gp, kind, Math.min(...allY), 0, rng, space, enc);
          }
          out.push({ point: enc.decode(x) });
          if (k < count - 1) {
            allX.push(x);
            allY.push(lie);
            gp = fitGp(allX, allY, params, { groups: enc.groups, optimise: false });
          }
        }
        return out;
      },
    };
  },
};
