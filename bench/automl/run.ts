/**
 * AutoML benchmark: Kite's search algorithms against Optuna 3.1 (Debian `python3-optuna`), run
 * side by side in this command. For each problem and algorithm: the median over seeds of the
 * best regret after 50/100/200 trials, and the suggestion cost (ms per trial, sequential).
 *
 *   npx tsx bench/automl/run.ts [--seeds 5] [--budget 200] [--problems branin,hartmann6,...]
 *                              [--kite random,tpe,...] [--optuna random,tpe] [--bo-budget 100]
 *                              [--seed-offset 0] [--reference rows.jsonl]
 *
 * A Kite algorithm may carry Katib algorithmSettings: `tpe:gamma=0.25` (`;` between several);
 * `tpe~key=value;...` is a bench-only ablation of the default `tpe` (e.g. `tpe~estimator=optuna31`
 * = the former default, Optuna 3.1's univariate rule; `tpe~skipSeen=false;weighting=uniform`).
 * `--problems hpo` means every table under `<data>/hpo/`. Seeds are `seed-offset` …
 * `seed-offset + seeds − 1`. Every run's row is printed as one JSON line on stderr; `--reference`
 * reads such lines from an earlier run (e.g. Optuna's, which is deterministic) and adds those
 * rows to the tables, for quick Kite-only iterations — final tables run both sides here.
 *
 * Data: `KITE_DATA_DIR` (default ../shared/data) for the tabular tasks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SearchAlgorithm, TrialView } from '../../src/automl/algorithms/algorithm.js';
import { createAlgorithm } from '../../src/automl/algorithms/registry.js';
import { createTpe, type TpeRunOptions, tpeOptionsOf } from '../../src/automl/algorithms/tpe.js';
import type { JointTpeOptions } from '../../src/automl/algorithms/tpe-joint.js';
import { applyDefaults } from '../../src/automl/defaults.js';
import { normCdf } from '../../src/automl/normal.js';
import { type SearchSpace, toSearchSpace } from '../../src/automl/search-space.js';
import type { ParameterSpec } from '../../src/automl/types.js';
import { branin, hartmann6, type Problem } from './problems.js';
import { loadTabular } from './tabular.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    budget: { type: 'string', default: '200' },
    'bo-budget': { type: 'string', default: '100' },
    problems: {
      type: 'string',
      default: 'branin,hartmann6,hpobench/car,hpolib/naval_propulsion,nasbench201/cifar10',
    },
    kite: { type: 'string', default: 'random,tpe,multivariate-tpe,bayesianoptimization,cmaes' },
    optuna: { type: 'string', default: 'random,tpe' },
    'seed-offset': { type: 'string', default: '0' },
    reference: { type: 'string' },
  },
});
const seeds = Number(values.seeds);
const seedOffset = Number(values['seed-offset']);
const budget = Number(values.budget);
const boBudget = Number(values['bo-budget']);
const checkpoints = [50, 100, 200].filter((c) => c <= budget);
const dataDir = resolve(process.env.KITE_DATA_DIR ?? '../shared/data');

interface Row {
  problem: string;
  algorithm: string;
  seed: number;
  regret: Record<string, number>;
  msPerTrial: number;
}

interface Task {
  params: ParameterSpec[];
  /** Loss to minimise and its regret. */
  evaluate(point: Record<string, number | string>): { loss: number; regret: number };
  continuous: boolean;
}

function synthetic(p: Problem): Task {
  return {
    continuous: true,
    params: p.params.map((q) => ({
      name: q.name,
      parameterType: 'double',
      feasibleSpace: { min: String(q.min), max: String(q.max) },
    })),
    evaluate: (pt) => {
      const v = p.f(p.params.map((q) => Number(pt[q.name])));
      return { loss: v, regret: v - p.optimum };
    },
  };
}

function tabular(which: string): Task {
  const t = loadTabular(dataDir, which);
  return {
    continuous: false,
    params: t.params.map((q) => ({
      name: q.name,
      parameterType: 'categorical',
      feasibleSpace: { list: q.list },
    })),
    evaluate: (pt) => {
      const id = t.params.map((q) => q.list.indexOf(String(pt[q.name]))).join('');
      const v = t.value(id);
      return { loss: t.maximize ? -v : v, regret: t.maximize ? t.best - v : v - t.best };
    },
  };
}

/**
 * A bench-only `tpe` variant: `tpe~key=value;...` overrides fields of the resolved default options
 * (`estimator`, `nStartup`, or the joint estimator's `beta`, `minBandwidthFactor`,
 * `magicExponent`, `weighting`) — for ablations; not reachable from a Katib spec.
 */
function variant(space: SearchSpace, seed: number, spec: string): SearchAlgorithm {
  const o = tpeOptionsOf({});
  const joint: Record<string, unknown> = { ...o.joint };
  const top: Record<string, unknown> = { ...o };
  for (const kv of spec.split(';').filter(Boolean)) {
    const [k = '', v = ''] = kv.split('=');
    const val = v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) ? v : Number(v);
    if (k in joint) joint[k] = val;
    else top[k] = val;
  }
  return createTpe(space, seed, {
    ...(top as unknown as TpeRunOptions),
    joint: joint as unknown as JointTpeOptions,
  });
}

function runKite(problem: string, task: Task, label: string, seed: number): Row | undefined {
  const [algorithm = '', extra = ''] = label.split(/[:~]/);
  const settings = (label.startsWith('tpe~') ? '' : extra)
    .split(';')
    .filter(Boolean)
    .map((kv) => {
      const [name = '', value = ''] = kv.split('=');
      return { name, value };
    });
  if (algorithm === 'cmaes' && !task.continuous) return undefined;
  const n = algorithm === 'bayesianoptimization' ? Math.min(budget, boBudget) : budget;
  const e = applyDefaults({
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: 'bench' },
    spec: {
      objective: { type: 'minimize', objectiveMetricName: 'loss' },
      algorithm: {
        algorithmName: algorithm,
        algorithmSettings: [...settings, { name: 'random_state', value: String(seed) }],
      },
      parameters: task.params,
    },
  });
  const alg = label.startsWith('tpe~')
    ? variant(toSearchSpace(e.spec.parameters ?? []), seed, label.slice(4))
    : createAlgorithm(e);
  const trials: TrialView[] = [];
  const regret: Record<string, number> = {};
  let best = Number.POSITIVE_INFINITY;
  let ms = 0;
  while (trials.length < n) {
    const t0 = performance.now();
    const [s] = alg.suggest({ trials, count: 1 });
    ms += performance.now() - t0;
    if (!s) break;
    const r = task.evaluate(s.point);
    best = Math.min(best, r.regret);
    trials.push({
      name: `t${trials.length}`,
      point: s.point,
      state: 'Succeeded',
      loss: r.loss,
      ...(s.labels ? { labels: s.labels } : {}),
    });
    if (checkpoints.includes(trials.length)) regret[trials.length] = best;
  }
  return { problem, algorithm: `kite:${label}`, seed, regret, msPerTrial: ms / trials.length };
}

const problems = (values.problems ?? '')
  .split(',')
  .filter(Boolean)
  .flatMap((p) =>
    p === 'hpo'
      ? ['hpobench', 'hpolib', 'nasbench201'].flatMap((f) =>
          readdirSync(join(dataDir, 'hpo', f))
            .filter((n) => n.endsWith('.json.gz'))
            .sort()
            .map((n) => `${f}/${n.replace(/\.json\.gz$/, '')}`),
        )
      : [p],
  );
const rows: Row[] = [];
for (const problem of problems) {
  const task =
    problem === 'branin'
      ? synthetic(branin)
      : problem === 'hartmann6'
        ? synthetic(hartmann6)
        : tabular(problem);
  for (const algorithm of (values.kite ?? '').split(',').filter(Boolean))
    for (let seed = seedOffset; seed < seedOffset + seeds; seed++) {
      const row = runKite(problem, task, algorithm, seed);
      if (row) {
        rows.push(row);
        process.stderr.write(`${JSON.stringify(row)}\n`);
      }
    }
}
const samplers = (values.optuna ?? '').split(',').filter(Boolean);
// Debian's python3-optuna lives under the system interpreter (not a pyenv shim).
const python = process.env.KITE_PYTHON ?? '/usr/bin/python3';
let optunaVersion = 'not run';
if (samplers.length > 0) {
  const has = spawnSync(python, ['-c', 'import optuna; print(optuna.__version__)'], { encoding: 'utf8' });
  if (has.status !== 0)
    execFileSync('sh', ['-c', 'flock /tmp/kite-apt.lock apt-get install -y python3-optuna'], {
      stdio: 'inherit',
    });
  optunaVersion = spawnSync(python, ['-c', 'import optuna; print(optuna.__version__)'], {
    encoding: 'utf8',
  }).stdout.trim();
  const out = execFileSync(
    python,
    [
      resolve(import.meta.dirname, 'optuna_bench.py'),
      JSON.stringify({ problems, samplers, seeds, seedOffset, budget, checkpoints, dataDir }),
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  for (const line of out.split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as Row;
    const row = { ...r, algorithm: `optuna:${r.algorithm}` };
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }
}

if (values.reference)
  for (const line of readFileSync(values.reference, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as Row;
    const inRange = r.seed >= seedOffset && r.seed < seedOffset + seeds;
    if (
      inRange &&
      problems.includes(r.problem) &&
      !rows.some((x) => x.algorithm === r.algorithm && x.problem === r.problem && x.seed === r.seed)
    )
      rows.push(r);
  }

const median = (xs: number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const fmt = (v: number): string =>
  Number.isNaN(v) ? '—' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toPrecision(3);
console.log(
  `# Kite AutoML vs Optuna ${optunaVersion}: median best regret over ${seeds} seeds (${seedOffset}–${seedOffset + seeds - 1}, sequential)\n`,
);
/**
 * One-sided Mann–Whitney U test, normal approximation without tie correction (conservative):
 * the probability of a rank sum this high if `xs` (regrets) were no worse than `ys`.
 */
const pWorse = (xs: number[], ys: number[]): number => {
  if (xs.length === 0 || ys.length === 0) return Number.NaN;
  let u = 0;
  for (const x of xs) for (const y of ys) u += x > y ? 1 : x === y ? 0.5 : 0;
  const n = xs.length * ys.length;
  const sd = Math.sqrt((n * (xs.length + ys.length + 1)) / 12);
  return 1 - normCdf((u - n / 2 - 0.5) / sd);
};
const ratio = (mine: number, ref: number): string =>
  Number.isNaN(mine) || Number.isNaN(ref)
    ? '—'
    : ref > 0
      ? `${(mine / ref).toPrecision(2)}×`
      : mine === 0
        ? '1× (both 0)'
        : '∞ (ref 0)';
console.log(
  `| problem | algorithm | ${checkpoints.map((c) => `@${c}`).join(' | ')} | ms/trial | vs optuna:tpe ${checkpoints.map((c) => `@${c}`).join(' / ')} | p(worse than optuna:tpe) ${checkpoints.map((c) => `@${c}`).join(' / ')} | ms vs optuna:tpe |`,
);
console.log(`|---|---|${checkpoints.map(() => '---').join('|')}|---|---|---|---|`);
for (const problem of problems) {
  const byAlg = new Map<string, Row[]>();
  for (const r of rows.filter((x) => x.problem === problem))
    byAlg.set(r.algorithm, [...(byAlg.get(r.algorithm) ?? []), r]);
  const ref = byAlg.get('optuna:tpe') ?? [];
  const at = (rs: Row[], c: number): number => median(rs.map((r) => r.regret[c] ?? Number.NaN));
  const refMs = median(ref.map((r) => r.msPerTrial));
  for (const [alg, rs] of byAlg) {
    const ms = median(rs.map((r) => r.msPerTrial));
    const cells = checkpoints.map((c) => fmt(at(rs, c)));
    const ratios = checkpoints.map((c) => ratio(at(rs, c), at(ref, c)));
    const msRatio = refMs > 0 ? `${(ms / refMs).toPrecision(2)}×` : '—';
    const ps = checkpoints.map((c) => {
      const p = pWorse(
        rs.map((r) => r.regret[c] ?? Number.NaN),
        ref.map((r) => r.regret[c] ?? Number.NaN),
      );
      return Number.isNaN(p) || alg === 'optuna:tpe' ? '—' : p.toFixed(2);
    });
    console.log(
      `| ${problem} | ${alg} | ${cells.join(' | ')} | ${ms.toFixed(2)} | ${ratios.join(' / ')} | ${ps.join(' / ')} | ${msRatio} |`,
    );
  }
}
