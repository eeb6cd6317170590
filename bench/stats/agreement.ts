/**
 * Prints how closely Kite's statistics agree with the SciPy / scikit-learn reference table
 * (`src/stats/fixtures/reference-cases.json`): per function, the number of cases and the
 * largest absolute and relative difference.
 *
 *   npx tsx bench/stats/agreement.ts
 */
import { readFileSync } from 'node:fs';
import { compareValues, evaluateCase, type ReferenceCase } from '../../src/stats/reference-cases.js';

const table = JSON.parse(
  readFileSync(new URL('../../src/stats/fixtures/reference-cases.json', import.meta.url), 'utf8'),
) as { versions: Record<string, string>; cases: ReferenceCase[] };

const rows = new Map<string, { cases: number; values: number; maxAbs: number; maxRel: number }>();
for (const c of table.cases) {
  const row = rows.get(c.fn) ?? { cases: 0, values: 0, maxAbs: 0, maxRel: 0 };
  row.cases++;
  for (const d of compareValues(c.expected, evaluateCase(c))) {
    row.values++;
    row.maxAbs = Math.max(row.maxAbs, d.absDiff);
    row.maxRel = Math.max(row.maxRel, d.absDiff / Math.max(1, Math.abs(d.expected as number)));
  }
  rows.set(c.fn, row);
}
console.log(`reference: ${JSON.stringify(table.versions)}`);
console.log('| function | cases | values | max abs diff | max diff / max(1,|x|) |');
console.log('|---|---|---|---|---|');
let all = { cases: 0, values: 0, maxAbs: 0, maxRel: 0 };
for (const [fn, r] of rows) {
  console.log(
    `| ${fn} | ${r.cases} | ${r.values} | ${r.maxAbs.toExponential(2)} | ${r.maxRel.toExponential(2)} |`,
  );
  all = {
    cases: all.cases + r.cases,
    values: all.values + r.values,
    maxAbs: Math.max(all.maxAbs, r.maxAbs),
    maxRel: Math.max(all.maxRel, r.maxRel),
  };
}
console.log(
  `| all | ${all.cases} | ${all.values} | ${all.maxAbs.toExponential(2)} | ${all.maxRel.toExponential(2)} |`,
);
