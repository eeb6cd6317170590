/**
 * `cmaes`: CMA-ES as Katib's goptuna service runs it (goptuna v0.8, no startup trials).
 * Settings: `random_state`, `sigma` (initial step in parameter units; default a sixth of the
 * smallest range), `restart_strategy` none | ipop | bipop (population factor 2). Needs at
 * least two int/double parameters; categorical/discrete ones are sampled at random.
 * Trials carry their generation in labels, so a generation is told once λ of its trials
 * have an objective value — from any process, after a resume too.
 */
import { createRng } from '../rng.js';
import type { NumericParam, Point } from '../search-space.js';
import { fromUnit, isChoice, toUnit } from '../search-space.js';
import { type AlgorithmFactory, isFloatString, seedOf } from './algorithm.js';
import { type CmaState, cmaAsk, cmaInit, cmaShouldStop, cmaTell } from './cmaes-core.js';
import { rngAt } from './random.js';

const GEN = 'cmaes.kite.dev/generation';
const RUN = 'cmaes.kite.dev/restart';

interface State {
  cma: CmaState;
  restart: number;
  lambda0: number;
  largePop: number; // BIPOP: population of the next large run
  budgetLarge: number;
  budgetSmall: number;
  evals: number;
}

export const cmaes: AlgorithmFactory = {
  name: 'cmaes',
  validate: ({ settings, space }) => {
    const out: string[] = [];
    if (space.filter((p) => p.kind === 'int' || p.kind === 'double').length < 2)
      out.push('CMA-ES only supports two or more dimensional continuous search space.');
    const names = new Set<string>();
    for (const p of space) {
      if (names.has(p.name)) out.push(`Detect duplicated parameter name: ${p.name}`);
      names.add(p.name);
    }
    const rs = settings.restart_strategy;
    if (rs !== undefined && !['ipop', 'bipop', 'none'].includes(rs))
      out.push(`Failed to create goptuna study and search space: invalid restart_strategy: '${rs}'`);
    const sigma = settings.sigma;
    if (sigma !== undefined && (!isFloatString(sigma) || !(Number(sigma) > 0)))
      out.push(
        `Failed to create goptuna study and search space: invalid sigma: '${sigma}' (a positive number)`,
      );
    const seed = settings.random_state;
    if (seed !== undefined && !/^[+-]?\d+$/.test(seed))
      out.push(
        `Failed to create goptuna study and search space: strconv.Atoi: parsing "${seed}": invalid syntax`,
      );
    return out;
  },
  create: ({ space, settings }) => {
    const seed = seedOf(settings);
    const numeric = space.filter((p): p is NumericParam => p.kind === 'int' || p.kind === 'double');
    const n = numeric.length;
    const minRange = Math.min(...numeric.map((p) => p.max - p.min || 1));
    const sigma0 = settings.sigma === undefined ? 1 / 6 : Math.min(1, Number(settings.sigma) / minRange);
    const strategy = settings.restart_strategy ?? 'none';
    const lambda0 = 4 + Math.floor(3 * Math.log(n));
    const initRng = createRng(seed);
    let st: State = {
      cma: cmaInit(new Array<number>(n).fill(0.5), sigma0, lambda0),
      restart: 0,
      lambda0,
      largePop: lambda0,
      budgetLarge: 0,
      budgetSmall: 0,
      evals: 0,
    };
    const restart = (): void => {
      const r = st.restart + 1;
      const mean = Array.from({ length: n }, () => initRng.next());
      if (strategy === 'ipop') {
        st = { ...st, restart: r, cma: cmaInit(mean, sigma0, st.cma.lambda * 2) };
      } else {
        // BIPOP: run the regime that has used less budget so far.
        if (st.budgetLarge <= st.budgetSmall || r === 1) {
          const pop = st.largePop * 2;
          st = { ...st, restart: r, largePop: pop, cma: cmaInit(mean, sigma0, pop) };
        } else {
          const u = initRng.next();
          const pop = Math.max(2, Math.floor(st.lambda0 * (0.5 * (st.largePop / st.lambda0)) ** (u * u)));
          st = { ...st, restart: r, cma: cmaInit(mean, sigma0 * 10 ** (-2 * initRng.next()), pop) };
        }
      }
    };
    return {
      name: 'cmaes',
      exportState: () => st,
      importState: (s) => {
        if (s) st = s as State;
      },
      suggest: ({ trials, count }) => {
        const gen = (): { r: string; g: string } => ({ r: String(st.restart), g: String(st.cma.generation) });
        const cur = gen();
        const mine = trials.filter(
          (t) =>
            t.labels?.[GEN] === cur.g &&
            t.labels?.[RUN] === cur.r &&
            t.loss !== undefined &&
            Number.isFinite(t.loss),
        );
        if (mine.length >= st.cma.lambda) {
          const sols = mine.slice(0, st.cma.lambda).map((t) => ({
            x: numeric.map((p) => toUnit(p, Number(t.point[p.name]))),
            loss: t.loss as number,
          }));
          const large = st.cma.lambda >= st.largePop;
          st = { ...st, cma: cmaTell(st.cma, sols), evals: st.evals + sols.length };
          if (large) st.budgetLarge += sols.length;
          else st.budgetSmall += sols.length;
          if (strategy !== 'none' && cmaShouldStop(st.cma)) restart();
        }
        const rng = rngAt(seed, trials.length);
        const labels = { [GEN]: String(st.cma.generation), [RUN]: String(st.restart) };
        return Array.from({ length: count }, () => {
          const x = cmaAsk(st.cma, rng);
          const point: Point = {};
          let i = 0;
          for (const p of space) {
            if (isChoice(p)) point[p.name] = p.list[rng.int(p.list.length)] ?? '';
            else point[p.name] = fromUnit(p, x[i++] ?? 0.5);
          }
          return { point, labels: { ...labels } };
        });
      },
    };
  },
};
