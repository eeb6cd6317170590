/**
 * Benchmark: a Kite scan of 20 typical SodaCL checks over a 10-million-row DuckDB table,
 * against ONE hand-written SQL query computing the same metrics in the same DuckDB instance.
 * Goal (issue 3): ratio ≤ 1.3.
 *
 * Data: the real SST-2 training sentences (KITE_DATA_DIR, default ../shared/data) repeated to
 * ROWS rows, with deterministic synthetic id/score/pct/email/label columns derived from the
 * row number (some NULLs, some invalid values, some duplicate ids).
 *
 *   npx tsx bench/quality/scan.ts            # ROWS=10000000 by default
 *   ROWS=1000000 npx tsx bench/quality/scan.ts
 */
import { join, resolve } from 'node:path';
import { DuckDbSource, scan, sqlString } from '../../src/quality/index.js';

const ROWS = Number(process.env.ROWS ?? 10_000_000);
const REPEATS = Number(process.env.REPEATS ?? 5);
const dataDir = resolve(process.env.KITE_DATA_DIR ?? '../shared/data');
const sentences = join(dataDir, 'sst2-sentence', 'train.tsv');

const CHECKS = `checks for reviews:
  - row_count > 0
  - missing_count(sentence) < 5
  - missing_count(id) = 0
  - missing_count(score) < 100000
  - missing_percent(email) < 5
  - invalid_count(email) < 1000:
      valid format: email
  - invalid_percent(pct) < 1:
      valid format: percentage
  - valid_count(pct) > 0:
      valid format: percentage
  - invalid_count(label) = 0:
      valid values: [0, 1]
  - invalid_count(id) = 0:
      valid regex: ^R[0-9]+$
  - duplicate_count(id) < 10000
  - min(score) >= -5
  - max(score) <= 95
  - avg(score) between 0 and 100
  - stddev(score) > 0
  - sum(label) > 0
  - min_length(sentence) > 0
  - max_length(sentence) < 1000
  - avg_length(sentence) > 10
  - schema:
      fail:
        when required column missing: [id, sentence, label, score, pct, email]
        when wrong column type:
          label: integer
          score: double
`;

const EMAIL = String.raw`^[a-zA-ZÀ-ÿĀ-ſƀ-ȳ0-9.\-_%+]+@[a-zA-ZÀ-ÿĀ-ſƀ-ȳ0-9.\-_%]+\.[A-Za-z]{2,4}$`;
const PERCENT = String.raw`^ *[-+]? *(\d+([\.,]\d+)?|([\.,]\d+)) *% *$`;

// The same metrics, written by hand as one query (duplicates and schema as scalar subqueries).
const BASELINE = `SELECT
  COUNT(*),
  COUNT(*) FILTER (WHERE sentence IS NULL),
  COUNT(*) FILTER (WHERE id IS NULL),
  COUNT(*) FILTER (WHERE score IS NULL),
  COUNT(*) FILTER (WHERE email IS NULL),
  COUNT(*) FILTER (WHERE email IS NOT NULL AND NOT REGEXP_MATCHES(email, '${EMAIL}')),
  COUNT(*) FILTER (WHERE pct IS NOT NULL AND NOT REGEXP_MATCHES(pct, '${PERCENT}')),
  COUNT(*) FILTER (WHERE pct IS NOT NULL AND REGEXP_MATCHES(pct, '${PERCENT}')),
  COUNT(*) FILTER (WHERE label IS NOT NULL AND label NOT IN (0, 1)),
  COUNT(*) FILTER (WHERE id IS NOT NULL AND NOT REGEXP_MATCHES(id, '^R[0-9]+$')),
  MIN(score), MAX(score), AVG(score), STDDEV(score), SUM(label),
  MIN(LENGTH(sentence)), MAX(LENGTH(sentence)), AVG(LENGTH(sentence)),
  (SELECT COUNT(*) FROM (SELECT id FROM reviews WHERE id IS NOT NULL GROUP BY id HAVING COUNT(*) > 1)),
  (SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'reviews')
FROM reviews`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const db = await DuckDbSource.open();
let t = performance.now();
await db.execute(
  `CREATE TABLE sentences AS SELECT row_number() OVER () - 1 AS n, sentence, label FROM read_csv(${sqlString(sentences)}, delim = '\t', header = true, quote = '')`,
);
const count = Number((await db.query('SELECT COUNT(*) FROM sentences')).rows[0]![0]);
await db.execute(`CREATE TABLE reviews AS
  SELECT
    CASE WHEN i % 1000003 = 7 THEN 'R' || (i - 1) ELSE 'R' || i END AS id,
    CASE WHEN i % 5000000 = 1 THEN NULL ELSE s.sentence END AS sentence,
    s.label::INTEGER AS label,
    CASE WHEN i % 997 = 0 THEN NULL ELSE (hash(i) % 100000) / 1000.0 - 5 END::DOUBLE AS score,
    CASE WHEN i % 211 = 0 THEN 'n/a' ELSE printf('%.2f %%', (hash(i * 7) % 10000) / 100.0) END AS pct,
    CASE WHEN i % 53 = 0 THEN NULL WHEN i % 100003 = 0 THEN 'broken@' ELSE 'user' || (i % 100000) || '@example.com' END AS email
  FROM range(${ROWS}) r(i) JOIN sentences s ON s.n = i % ${count}`);
console.log(
  `table: ${ROWS} rows (SST-2 sentences ×${Math.ceil(ROWS / count)}), built in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const kiteTimes: number[] = [];
const baseTimes: number[] = [];
let outcomes = '';
for (let i = 0; i <= REPEATS; i++) {
  t = performance.now();
  await db.query(BASELINE);
  const b = performance.now() - t;
  t = performance.now();
  const result = await scan(CHECKS, { dataSource: db, env: {} });
  const k = performance.now() - t;
  outcomes = result.checks.map((c) => c.outcome ?? 'null').join(' ');
  if (i === 0) {
    console.log(`checks: ${result.checks.length}; outcomes: ${outcomes}; queries: ${result.queries.length}`);
    continue; // warm-up
  }
  baseTimes.push(b);
  kiteTimes.push(k);
}
const kite = median(kiteTimes);
const base = median(baseTimes);
console.log(
  `hand-written single query: median ${base.toFixed(0)} ms  (${baseTimes.map((x) => x.toFixed(0)).join(', ')})`,
);
console.log(
  `kite scan (20 checks):     median ${kite.toFixed(0)} ms  (${kiteTimes.map((x) => x.toFixed(0)).join(', ')})`,
);
console.log(`ratio kite / hand-written: ${(kite / base).toFixed(2)}  (goal ≤ 1.3)`);
await db.close();
