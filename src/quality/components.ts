/**
 * Ready-made pipeline components of the quality module (the only file here that imports `dsl`).
 */
import { writeFileSync } from 'node:fs';
import { KiteError } from '../core/index.js';
import { artifact, component, param } from '../dsl/index.js';
import { copyDataset, runGate, summaryLine } from './gate.js';

/**
 * `check-data`: checks a Dataset artifact against SodaCL checks; outputs the same data as `checked` (so
 * downstream tasks consume only checked data), the scan result JSON (Soda's shape) and a
 * Markdown report, and FAILS the task — gating the pipeline — on failed checks (and, by
 * default, on checks that could not be evaluated; optionally on warnings).
 *
 * @example
 * ```ts
 * const checked = checkData({ data: ingest().outputs.data, checks: 'checks.yml', table: 'train' });
 * train({ data: checked.outputs.checked });
 * ```
 */
export const checkData = component({
  name: 'check-data',
  description: 'SodaCL data-quality gate on a Dataset artifact',
  inputs: {
    data: artifact.dataset(),
    checks: param.string({ description: 'SodaCL text, or a path to a .yml checks file' }),
    table: param.string({ default: 'dataset', description: 'table name used in the checks' }),
    format: param.string({ default: 'auto', description: 'csv, parquet, json, duckdb or auto' }),
    variables: param.struct({ default: {}, description: 'scan variables, referenced as $VAR in braces' }),
    failOnWarnings: param.boolean({ default: false }),
    failOnNotEvaluated: param.boolean({ default: true }),
  },
  outputs: {
    checked: artifact.dataset(),
    scan: artifact.artifact(),
    report: artifact.markdown(),
  },
  run: async (
    { data, checks, table, format, variables, failOnWarnings, failOnNotEvaluated },
    { outputs, log },
  ) => {
    const formats = ['csv', 'parquet', 'json', 'duckdb'] as const;
    const chosen = formats.find((f) => f === format);
    if (format !== 'auto' && !chosen) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `check-data: format '${format}' is not one of auto, ${formats.join(', ')}`,
      );
    }
    const vars = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)]));
    const gate = await runGate({
      dataPath: data.path,
      table,
      checks,
      variables: vars,
      failOnWarnings,
      failOnNotEvaluated,
      ...(chosen ? { format: chosen } : {}),
    });
    writeFileSync(outputs.scan.path, `${JSON.stringify(gate.result, null, 2)}\n`);
    writeFileSync(outputs.report.path, gate.markdown);
    outputs.scan.metadata.summary = summaryLine(gate.result);
    log.info(summaryLine(gate.result));
    if (!gate.passed) {
      throw new KiteError('INVALID_DATA', `data-quality gate closed: ${gate.reasons.join('; ')}`, {
        hint: `see the report artifact; ${summaryLine(gate.result).split('\n')[0]}`,
      });
    }
    copyDataset(data.path, outputs.checked.path);
  },
});
