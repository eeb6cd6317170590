/**
 * The tabular HPO tables in `<KITE_DATA_DIR>/hpo/` (see the data README): every config is one
 * choice index per parameter; the objective is the mean over the table's seeds, so the
 * regret is exact (best mean − chosen mean).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface TabularTask {
  name: string;
  maximize: boolean;
  /** Parameter name → choices (as Katib `discrete`/`categorical` lists). */
  params: { name: string; list: string[] }[];
  best: number;
  /** Mean over seeds, by config id (one digit per parameter). */
  value(id: string): number;
}

const HPOBENCH = [
  [
    'alpha',
    [
      '1e-8',
      '7.742637e-8',
      '5.994842e-7',
      '4.641589e-6',
      '3.5938137e-5',
      '2.7825593e-4',
      '2.1544348e-3',
      '1.6681006e-2',
      '1.2915497e-1',
      '1',
    ],
  ],
  ['batch_size', ['4', '6', '10', '16', '25', '40', '64', '101', '161', '256']],
  ['depth', ['1', '2', '3']],
  [
    'learning_rate_init',
    [
      '1e-5',
      '3.5938137e-5',
      '1.2915497e-4',
      '4.641589e-4',
      '1.6681006e-3',
      '5.9948424e-3',
      '2.1544347e-2',
      '7.742637e-2',
      '2.7825594e-1',
      '1',
    ],
  ],
  ['width', ['16', '25', '40', '64', '101', '161', '256', '406', '645', '1024']],
] as const;
const HPOLIB = [
  ['activation_fn_1', ['relu', 'tanh']],
  ['activation_fn_2', ['relu', 'tanh']],
  ['batch_size', ['8', '16', '32', '64']],
  ['dropout_1', ['0', '0.3', '0.6']],
  ['dropout_2', ['0', '0.3', '0.6']],
  ['init_lr', ['5e-4', '1e-3', '5e-3', '1e-2', '5e-2', '1e-1']],
  ['lr_schedule', ['cosine', 'const']],
  ['n_units_1', ['16', '32', '64', '128', '256', '512']],
  ['n_units_2', ['16', '32', '64', '128', '256', '512']],
] as const;
const NB201 = Array.from(
  { length: 6 },
  (_, i) => [`op${i}`, ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']] as const,
);

/** Loads `hpobench/<dataset>`, `hpolib/<dataset>` or `nasbench201/<dataset>`. */
export function loadTabular(dataDir: string, which: string): TabularTask {
  const [family = '', dataset = ''] = which.split('/');
  const table = JSON.parse(
    gunzipSync(readFileSync(join(dataDir, 'hpo', family, `${dataset}.json.gz`))).toString('utf8'),
  ) as Record<string, number[]>;
  const means = new Map<string, number>();
  for (const [id, vs] of Object.entries(table)) means.set(id, vs.reduce((a, b) => a + b, 0) / vs.length);
  const spec = family === 'hpobench' ? HPOBENCH : family === 'hpolib' ? HPOLIB : NB201;
  const maximize = family !== 'hpolib';
  const vals = [...means.values()];
  return {
    name: which,
    maximize,
    params: spec.map(([name, list]) => ({ name, list: [...list] })),
    best: maximize ? Math.max(...vals) : Math.min(...vals),
    // A config missing from the table (never in these tables) counts as the worst value.
    value: (id) => means.get(id) ?? (maximize ? Math.min(...vals) : Math.max(...vals)),
  };
}
