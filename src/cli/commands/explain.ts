/**
 * `kite explain plot` and `kite explain compare`: render a saved Explanation (JSON) as SVG, and
 * compare two explanations for attribution drift. Thin shells over `kite/explain`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KiteError } from '../../core/index.js';
import {
  barPlot,
  beeswarmPlot,
  compareAttributions,
  Explanation,
  forcePlot,
  heatmapPlot,
  imagePlot,
  scatterPlot,
  textPlot,
  waterfallPlot,
} from '../../explain/index.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';

const KINDS = ['waterfall', 'bar', 'beeswarm', 'heatmap', 'force', 'scatter', 'image', 'text'] as const;
type Kind = (typeof KINDS)[number];

function load(io: CliIo, file: string | undefined): Explanation {
  if (!file)
    throw new KiteError('INVALID_ARGUMENT', 'missing explanation file', {
      hint: 'pass the JSON an explainer wrote',
    });
  const path = resolve(io.cwd, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new KiteError('IO', `cannot read explanation ${path}: ${(e as Error).message}`);
  }
  return Explanation.fromJSON(json);
}

function int(args: ParsedArgs, name: string, fallback: number): number {
  const v = args.values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new KiteError('INVALID_ARGUMENT', `--${name} must be a non-negative integer, got '${String(v)}'`);
  return n;
}

function write(io: CliIo, out: unknown, text: string): void {
  if (out === undefined || out === '-') io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  else writeFileSync(resolve(io.cwd, String(out)), text);
}

/** `kite explain plot <explanation.json> --kind <kind>`. */
export const explainPlotCommand: Command = {
  name: ['explain', 'plot'],
  summary: 'Render a saved explanation as an SVG plot (shap conventions)',
  usage: `Usage: kite explain plot <explanation.json> --kind <${KINDS.join('|')}> [options]

Options:
  --kind <kind>          plot kind (default waterfall)
  --row <n>              row for waterfall, force and text plots (default 0)
  --output <k>           model output to plot (default 0)
  --feature <name|j>     feature of the scatter plot
  --max-display <n>      rows before "other features" are folded (default 10)
  --out <file|->         SVG file (default stdout)
`,
  options: {
    kind: { type: 'string' },
    row: { type: 'string' },
    output: { type: 'string' },
    feature: { type: 'string' },
    'max-display': { type: 'string' },
    out: { type: 'string' },
  },
  async run(args, io) {
    const e = load(io, args.positionals[0]);
    const kind = (args.values.kind ?? 'waterfall') as Kind;
    if (!KINDS.includes(kind)) {
      throw new KiteError('INVALID_ARGUMENT', `unknown plot kind '${String(kind)}'`, {
        hint: `use one of ${KINDS.join(', ')}`,
      });
    }
    const row = int(args, 'row', 0);
    const output = int(args, 'output', 0);
    const maxDisplay = int(args, 'max-display', 10);
    if (row >= e.n) throw new KiteError('INVALID_ARGUMENT', `--row ${row}: the explanation has ${e.n} rows`);
    const feature = args.values.feature;
    let svg: string;
    if (kind === 'waterfall') svg = waterfallPlot(e, { row, output, maxDisplay });
    else if (kind === 'bar') svg = barPlot(e, { output, maxDisplay });
    else if (kind === 'beeswarm') svg = beeswarmPlot(e, { output, maxDisplay });
    else if (kind === 'heatmap') svg = heatmapPlot(e, { output, maxDisplay });
    else if (kind === 'force') svg = forcePlot(e, { row, output });
    else if (kind === 'image') svg = imagePlot(e);
    else if (kind === 'text') svg = textPlot(e, { row, output });
    else {
      if (typeof feature !== 'string')
        throw new KiteError('INVALID_ARGUMENT', 'a scatter plot needs --feature <name|index>');
      svg = scatterPlot(e, /^\d+$/.test(feature) ? Number(feature) : feature, { output });
    }
    write(io, args.values.out, svg);
    return 0;
  },
};

/** `kite explain compare <previous.json> <current.json>`. */
export const explainCompareCommand: Command = {
  name: ['explain', 'compare'],
  summary: 'Compare two explanations per feature (t-test + multiple-comparison correction)',
  usage: `Usage: kite explain compare <previous.json> <current.json> [options]

Options:
  --alpha <a>                        family-wise error rate (default 0.05)
  --correction <bonferroni|holm>     multiple-comparison correction (default bonferroni)
  --test <student|welch>             two-sample t-test (default student, as shap)
  --json <file|->                    write the drift report as JSON

Exit codes: 0 no drift, 1 drift detected.
`,
  options: {
    alpha: { type: 'string' },
    correction: { type: 'string' },
    test: { type: 'string' },
    json: { type: 'string' },
  },
  async run(args, io) {
    if (args.positionals.length !== 2) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        'expected two explanation files: <previous.json> <current.json>',
      );
    }
    const alpha = args.values.alpha === undefined ? 0.05 : Number(args.values.alpha);
    if (!(alpha > 0 && alpha < 1))
      throw new KiteError(
        'INVALID_ARGUMENT',
        `--alpha must be in (0, 1), got '${String(args.values.alpha)}'`,
      );
    const correction = (args.values.correction ?? 'bonferroni') as 'bonferroni' | 'holm';
    if (correction !== 'bonferroni' && correction !== 'holm')
      throw new KiteError('INVALID_ARGUMENT', `--correction must be bonferroni or holm`);
    const test = (args.values.test ?? 'student') as 'student' | 'welch';
    if (test !== 'student' && test !== 'welch')
      throw new KiteError('INVALID_ARGUMENT', `--test must be student or welch`);
    const report = compareAttributions(load(io, args.positionals[0]), load(io, args.positionals[1]), {
      alpha,
      correction,
      test,
    });
    if (args.values.json !== undefined) write(io, args.values.json, JSON.stringify(report, null, 2));
    if (args.values.json !== '-') {
      const lines = report.features.map(
        (f) =>
          `${f.drifted ? '✖' : '✔'} ${f.feature}: mean ${f.meanBefore.toPrecision(4)} → ${f.meanAfter.toPrecision(4)}, p = ${f.pValue.toPrecision(3)}, adjusted ${f.adjustedPValue.toPrecision(3)}`,
      );
      lines.push(
        report.drifted ? `attribution drift in ${report.driftedFeatures.join(', ')}` : 'no attribution drift',
      );
      io.stdout(`${lines.join('\n')}\n`);
    }
    return report.drifted ? 1 : 0;
  },
};
