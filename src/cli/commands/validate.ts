import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { errorsOf, formatIssues, KiteError } from '../../core/index.js';
import { checkPipelineText } from '../../ir/index.js';
import type { Command } from '../command.js';

export const validateCommand: Command = {
  name: ['validate'],
  summary: 'check a compiled pipeline (YAML or JSON) as strictly as the KFP backend parses it',
  usage: `Usage: kite validate <pipeline.yaml|pipeline.json> [--json]

Checks a compiled PipelineSpec (from Kite or the KFP SDK): unknown fields, enums, oneofs,
schema version, references between tasks, components and executors, cycles, placeholders.
Every problem is listed with file:line:column. Exit 0 when valid (warnings may be printed),
1 when not.

Options:
  --json   print { valid, issues } as JSON`,
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        file ? `expected one file, got ${positionals.length}` : 'missing the pipeline file',
        {
          hint: 'kite validate <pipeline.yaml>',
        },
      );
    }
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (e) {
      throw new KiteError('NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`);
    }
    const result = checkPipelineText(text, file);
    const errors = errorsOf(result.issues);
    if (values.json) {
      io.stdout(`${JSON.stringify({ valid: result.ok, issues: result.issues }, null, 2)}\n`);
      return result.ok ? 0 : 1;
    }
    if (result.issues.length > 0) io.stderr(`${formatIssues(result.issues)}\n`);
    if (!result.ok) {
      io.stderr(
        `${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}; the KFP backend would reject it\n`,
      );
      return 1;
    }
    io.stdout(
      `${file}: valid PipelineSpec '${result.value.spec.pipelineInfo.name}' (schemaVersion ${result.value.spec.schemaVersion})\n`,
    );
    return 0;
  },
};
