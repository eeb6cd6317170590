/**
 * `hyperband`: Katib's own Hyperband service (`pkg/suggestion/v1beta1/hyperband/service.py`).
 * Required settings `resource_name` (a parameter that receives the budget) and `r_l` (max
 * resource R); `eta` default 3. s_max = floor(log(r_l)/log(eta)), B = (s_max+1)·r_l; a master
 * bracket samples `n` configurations uniformly at random with r = r_l·eta^−s, each child
 * bracket keeps the top ceil(n_i/eta) of the previous one with r_i = r·eta^i. As in Katib,
 * `n` is the number of trials the controller asks for, and a child bracket waits until every
 * trial of the previous one has finished. The state (Katib keeps it in algorithmSettings) is
 * exported for resume.
 */
import type { NumericParam } from '../search-space.js';
import { type AlgorithmFactory, isFloatString, seedOf, type TrialView } from './algorithm.js';
import { rngAt, samplePoint } from './random.js';

interface HbState {
  eta: number;
  sMax: number;
  rL: number;
  bL: number;
  r: number;
  n: number;
  currentS: number;
  currentI: number;
  evaluatingTrials: number;
}

export const hyperband: AlgorithmFactory = {
  name: 'hyperband',
  validate: ({ settings, space, experiment }) => {
    if (settings.r_l === undefined || settings.resource_name === undefined)
      return ['r_l and resource_name must be set.'];
    if (!isFloatString(settings.r_l) || Number(settings.r_l) < 0)
      return ['r_l must be a positive float number.'];
    let eta = settings.eta === undefined ? 3 : Math.trunc(Number(settings.eta));
    if (!(eta > 0)) eta = 3;
    const sMax = Math.trunc(Math.log(Number(settings.r_l)) / Math.log(eta));
    const maxParallel = Math.ceil(eta ** sMax);
    if ((experiment.spec.parallelTrialCount ?? 3) < maxParallel)
      return [`parallelTrialCount must be not less than ${maxParallel}.`];
    if (!space.some((p) => p.name === settings.resource_name))
      return ['value of resource_name setting must be in parameters.'];
    return [];
  },
  create: ({ space, settings }) => {
    const seed = seedOf(settings);
    const resource = settings.resource_name ?? '';
    let eta = settings.eta === undefined ? 3 : Math.trunc(Number(settings.eta));
    if (!(eta > 0)) eta = 3;
    const rL = Number(settings.r_l);
    const sMax = Math.trunc(Math.log(rL) / Math.log(eta));
    let st: HbState = {
      eta,
      sMax,
      rL,
      bL: (sMax + 1) * rL,
      currentS: sMax,
      currentI: 0,
      n: Math.ceil((sMax + 1) * (eta ** sMax / (sMax + 1))),
      r: rL * eta ** -sMax,
      evaluatingTrials: 0,
    };
    const resourceParam = space.find((p) => p.name === resource) as NumericParam | undefined;
    const fmt = (v: number): number => (resourceParam?.kind === 'int' ? Math.trunc(v) : v);
    const newBracket = (): void => {
      st.currentS -= 1;
      st.currentI = 0;
      if (st.currentS >= 0) {
        st.n = Math.ceil((st.sMax + 1) * (st.eta ** st.currentS / (st.currentS + 1)));
        st.r = st.rL * st.eta ** -st.currentS;
      }
    };
    return {
      name: 'hyperband',
      exportState: () => st,
      importState: (s) => {
        if (s) st = s as HbState;
      },
      suggest: ({ trials, count }) => {
        if (st.currentS < 0) return [];
        st.n = count; // Katib: "a hack to get current request number"
        let out: { point: Record<string, number | string> }[];
        if (st.evaluatingTrials === 0) {
          const rng = rngAt(seed, trials.length);
          out = Array.from({ length: st.n }, () => {
            const point = samplePoint(space, rng);
            point[resource] = fmt(Math.trunc(st.r));
            return { point };
          });
        } else {
          const last = trials.slice(-st.evaluatingTrials);
          if (last.some((t: TrialView) => t.state === 'Created' || t.state === 'Running')) return [];
          const nI = Math.ceil(st.n * st.eta ** -st.currentI);
          const top = Math.ceil(nI / st.eta);
          st.currentI += 1;
          if (st.currentI > st.currentS) newBracket();
          const rI = Math.trunc(st.r * st.eta ** st.currentI);
          const ranked = [...last].sort(
            (a, b) => (a.loss ?? Number.POSITIVE_INFINITY) - (b.loss ?? Number.POSITIVE_INFINITY),
          );
          out = ranked.slice(0, top).map((t) => ({ point: { ...t.point, [resource]: fmt(rI) } }));
        }
        if (st.currentI < st.currentS) st.evaluatingTrials = out.length;
        else st.evaluatingTrials = 0;
        if (st.evaluatingTrials === 0) newBracket();
        return out;
      },
    };
  },
};
