/**
 * `grid`: Optuna's `GridSampler` as Katib's optuna service builds it. Doubles need `step`
 * (grid = `np.arange(min, max + step, step)` trimmed to ≤ max), ints step 1 by default,
 * categorical/discrete their list. Each new trial takes a random not-yet-used grid point
 * (seeded by `random_state`); when all are used the search space is exhausted.
 */

import type { Param, Point, SearchSpace } from '../search-space.js';
import { formatNumber, isChoice } from '../search-space.js';
import { type AlgorithmFactory, checkRandomState, seedOf, unknownSettings } from './algorithm.js';
import { rngAt } from './random.js';

/** The values of one parameter on the grid, or an error message. */
export function gridValues(p: Param): (number | string)[] | string {
  if (isChoice(p)) return p.list;
  if (p.kind === 'double' && !p.step)
    return `param ${p.name} step is nil; step must be set for double parameters in grid`;
  const step = p.step ?? 1;
  const out: number[] = [];
  const n = Math.floor((p.max + step - p.min) / step + 1e-9);
  for (let i = 0; i < n; i++) {
    const v = Number((p.min + i * step).toPrecision(12));
    if (v <= p.max + 1e-12) out.push(p.kind === 'int' ? Math.round(v) : v);
  }
  return out;
}

function gridKey(space: SearchSpace, point: Point): string {
  return space
    .map((p) => {
      const v = point[p.name];
      return typeof v === 'number' && !isChoice(p) ? formatNumber(v, p.kind) : String(v);
    })
    .join('\u0000');
}

export const grid: AlgorithmFactory = {
  name: 'grid',
  validate: ({ settings, space, experiment }) => {
    const out = [...unknownSettings(settings, ['random_state'], 'grid'), ...checkRandomState(settings)];
    let combos = 1;
    for (const p of space) {
      const vs = gridValues(p);
      if (typeof vs === 'string') return [...out, `failed to validate parameters: ${vs}`];
      combos *= vs.length;
    }
    const max = experiment.spec.maxTrialCount;
    if (max !== undefined && max > combos)
      out.push(`Max Trial Count: ${max} > all possible search combinations: ${combos}`);
    return out;
  },
  create: ({ space, settings }) => {
    const seed = seedOf(settings);
    const axes = space.map((p) => gridValues(p) as (number | string)[]);
    const total = axes.reduce((a, b) => a * b.length, 1);
    const pointAt = (id: number): Point => {
      const out: Point = {};
      let rest = id;
      for (let i = space.length - 1; i >= 0; i--) {
        const axis = axes[i] ?? [];
        const p = space[i];
        if (p) out[p.name] = axis[rest % axis.length] ?? '';
        rest = Math.floor(rest / axis.length);
      }
      return out;
    };
    return {
      name: 'grid',
      suggest: ({ trials, count }) => {
        const used = new Set(trials.map((t) => gridKey(space, t.point)));
        const free: number[] = [];
        for (let id = 0; id < total; id++) if (!used.has(gridKey(space, pointAt(id)))) free.push(id);
        const rng = rngAt(seed, trials.length);
        const out = [];
        while (out.length < count && free.length > 0) {
          const k = rng.int(free.length);
          const id = free[k] ?? 0;
          free.splice(k, 1);
          out.push({ point: pointAt(id) });
        }
        return out;
      },
    };
  },
};
