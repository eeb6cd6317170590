/**
 * `pbt`: Katib's population based training service (`pkg/suggestion/v1beta1/pbt/service.py`).
 * Required settings `suggestion_trial_dir`, `n_population` (≥ 5), `truncation_threshold`
 * in [0, 1]; optional `resample_probability` (absent → perturb ×0.8 / ×1.2). Each trial gets a
 * name and the labels `pbt.suggestion.katib.kubeflow.org/generation` and `/parent`. Failed
 * or killed trials are re-queued; once more than `n_population` trials of a generation are
 * complete, the bottom `truncation_threshold` exploit (copy an upper-quantile trial's
 * parameters) and the rest explore (perturb or resample).
 *
 * Checkpoints: Katib copies the parent's folder into the child's under `suggestion_trial_dir`;
 * for local process trials `process-trial.ts` does the same (in-process objectives get none).
 */
import type { Rng } from '../rng.js';
import type { Param, Point } from '../search-space.js';
import { isChoice, snap } from '../search-space.js';
import { type AlgorithmFactory, isFloatString, seedOf } from './algorithm.js';
import { rngAt, samplePoint } from './random.js';

export const PBT_GENERATION = 'pbt.suggestion.katib.kubeflow.org/generation';
export const PBT_PARENT = 'pbt.suggestion.katib.kubeflow.org/parent';

interface Job {
  uid: string;
  point: Point;
  generation: number;
  parent?: string;
  metric?: number; // maximised
}

function perturb(p: Param, v: number | string, rng: Rng): number | string {
  if (isChoice(p)) {
    const i = p.list.indexOf(String(v)) + (rng.next() < 0.5 ? -1 : 1);
    return i >= p.list.length ? (p.list[0] ?? '') : (p.list.at(i) ?? '');
  }
  if (p.kind === 'int')
    return Math.max(p.min, Math.min(p.max, Math.trunc(Number(v) * (rng.next() < 0.5 ? 0.8 : 1.2))));
  return snap(p, Number(v) * (rng.next() < 0.5 ? 0.8 : 1.2));
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

export const pbt: AlgorithmFactory = {
  name: 'pbt',
  validate: ({ settings }) => {
    for (const k of ['suggestion_trial_dir', 'n_population', 'truncation_threshold'])
      if (settings[k] === undefined) return [`Param(${k}) is required`];
    if (!(Number(settings.n_population) >= 5)) return ['Param(n_population) should be >= 5'];
    const t = Number(settings.truncation_threshold);
    if (!isFloatString(settings.truncation_threshold ?? '') || !(t >= 0 && t <= 1))
      return ['Param(truncation_threshold) should be between 0 and 1, inclusive'];
    const rp = settings.resample_probability;
    if (rp !== undefined && !(Number(rp) >= 0 && Number(rp) <= 1))
      return [
        'Param(resample_probability) should be null to perturb at 0.8 or 1.2, or be between 0 and 1, inclusive, to resample',
      ];
    return [];
  },
  create: ({ space, settings, experiment }) => {
    const seed = seedOf(settings);
    const population = Number(settings.n_population);
    const truncation = Number(settings.truncation_threshold);
    const resample =
      settings.resample_probability === undefined ? undefined : Number(settings.resample_probability);
    const expName = experiment.metadata.name ?? 'experiment';
    let counter = 0;
    let pending: Job[] = [];
    const jobs = new Map<string, Job>();
    const processed = new Set<string>();
    let pool = { previous: [] as string[], current: [] as string[] };
    const append = (point: Point, generation: number, parent?: string): void => {
      counter += 1;
      const uid = `${expName}-${counter.toString(36).padStart(6, '0')}`;
      pending.push({ uid, point, generation, ...(parent === undefined ? {} : { parent }) });
    };
    const segment = (names: string[], count: number, rng: Rng) => {
      const values = names.map((u) => jobs.get(u)?.metric ?? Number.NEGATIVE_INFINITY).sort((a, b) => a - b);
      const lo = quantile(values, truncation);
      const hi = quantile(values, 1 - truncation);
      const exploit: string[] = [];
      const explore: string[] = [];
      const upper: string[] = [];
      for (const u of names) {
        const m = jobs.get(u)?.metric ?? Number.NEGATIVE_INFINITY;
        if (m < lo) exploit.push(u);
        else {
          explore.push(u);
          if (m >= hi) upper.push(u);
        }
      }
      const shuffle = (a: string[]): string[] => {
        for (let i = a.length - 1; i > 0; i--) {
          const j = rng.int(i + 1);
          [a[i], a[j]] = [a[j] as string, a[i] as string];
        }
        return a;
      };
      const ex = shuffle(exploit).slice(0, Math.trunc(count * truncation));
      return { exploit: ex, explore: shuffle(explore).slice(0, count - ex.length), upper };
    };
    return {
      name: 'pbt',
      exportState: () => ({ counter, pending, jobs: [...jobs.values()], processed: [...processed], pool }),
      importState: (s) => {
        const st = s as
          | { counter: number; pending: Job[]; jobs: Job[]; processed: string[]; pool: typeof pool }
          | undefined;
        if (!st) return;
        counter = st.counter;
        pending = st.pending;
        for (const j of st.jobs) jobs.set(j.uid, j);
        for (const p of st.processed) processed.add(p);
        pool = st.pool;
      },
      suggest: ({ trials, count }) => {
        const rng = rngAt(seed, trials.length);
        if (counter === 0) for (let i = 0; i < population; i++) append(samplePoint(space, rng), 0);
        for (const t of trials) {
          const job = jobs.get(t.name);
          if (!job || processed.has(t.name) || t.state === 'Created' || t.state === 'Running') continue;
          processed.add(t.name);
          if (t.state === 'Failed' || t.state === 'Killed') {
            append(job.point, job.generation, job.parent);
            continue;
          }
          job.metric = t.loss === undefined ? Number.NEGATIVE_INFINITY : -t.loss;
          pool.current.push(job.uid);
        }
        if (pending.length < count) {
          if (pool.current.length <= population) {
            if (pool.previous.length === 0) {
              for (let i = 0; i < count; i++) append(samplePoint(space, rng), 0);
            } else generateFrom(segment(pool.previous, count, rng));
          } else {
            const seg = segment(pool.current, population, rng);
            pool = { previous: pool.current, current: [] };
            generateFrom(seg);
          }
        }
        function generateFrom(seg: { exploit: string[]; explore: string[]; upper: string[] }): void {
          for (const u of seg.exploit) {
            const job = jobs.get(u) as Job;
            const src = jobs.get(seg.upper[rng.int(seg.upper.length)] ?? u) as Job;
            append({ ...src.point }, job.generation + 1, job.uid);
          }
          for (const u of seg.explore) {
            const job = jobs.get(u) as Job;
            const point: Point = {};
            for (const p of space) {
              const v = job.point[p.name] ?? '';
              point[p.name] =
                resample === undefined
                  ? perturb(p, v, rng)
                  : rng.next() < resample
                    ? (samplePoint([p], rng)[p.name] ?? v)
                    : v;
            }
            append(point, job.generation + 1, job.uid);
          }
        }
        const out = [];
        while (out.length < count && pending.length > 0) {
          const job = pending.shift() as Job;
          jobs.set(job.uid, job);
          const labels: Record<string, string> = { [PBT_GENERATION]: String(job.generation) };
          if (job.parent !== undefined) labels[PBT_PARENT] = job.parent;
          out.push({ point: job.point, name: job.uid, labels });
        }
        return out;
      },
    };
  },
};
