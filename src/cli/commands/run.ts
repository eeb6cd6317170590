import { readFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { compilePipeline, componentsOf, loadPipeline } from '../../compiler/index.js';
import { errorsOf, formatIssues, KiteError } from '../../core/index.js';
import type { AnyComponent } from '../../dsl/index.js';
import { locateIssues, type PipelineSpec, parsePipelineSpec, validatePipelineSpec } from '../../ir/index.js';
import {
  ISOLATIONS,
  type Isolation,
  parseParamArgs,
  type RunPipelineOptions,
  runPipeline,
} from '../../orchestrator/index.js';
import { openStore } from '../../store/index.js';
import type { Command } from '../command.js';
import { createProgress, summaryTable } from './run-progress.js';

const COMPILED = new Set(['.yaml', '.yml', '.json']);

/** Loads a `.ts`/`.js` pipeline (compiled here, components in hand) or a compiled YAML/JSON spec. */
async function loadSpec(
  file: string,
  name: string | undefined,
  cwd: string,
): Promise<{ spec: PipelineSpec; components?: Map<string, AnyComponent> }> {
  if (COMPILED.has(extname(file).toLowerCase())) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, file), 'utf8');
    } catch {
      throw new KiteError('NOT_FOUND', `no such file: ${file}`);
    }
    const parsed = parsePipelineSpec(text, file);
    const errors = errorsOf(locateIssues(validatePipelineSpec(parsed.spec), parsed));
    if (errors.length > 0) {
      throw new KiteError('INVALID_SPEC', `${file} is not a valid PipelineSpec:\n${formatIssues(errors)}`, {
        issues: errors,
      });
    }
    return { spec: parsed.spec };
  }
  const p = await loadPipeline(file, name === undefined ? { cwd } : { name, cwd });
  const spec = compilePipeline(p, { module: relative(cwd, resolve(cwd, file)) });
  return { spec, components: componentsOf(p) };
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new KiteError('INVALID_ARGUMENT', `${flag} must be a whole number ≥ 1, got '${text}'`);
  return n;
}

export const runCommand: Command = {
  name: ['run'],
  summary: 'run a pipeline locally (a .ts pipeline file or a compiled YAML)',
  usage: `Usage: kite run <file.ts|compiled.yaml> [options]
       kite run --resume <run-id> [file.ts]

Runs every task through Kite's executor contract, with caching, retries, conditions, loops and
exit handlers, recording runs, artifacts, lineage, logs and metrics under the root directory.
Exit 0 when the run succeeds, 1 when it fails (130 when canceled with Ctrl-C).

Options:
  -p, --pipeline <name>     the pipeline to run when the file exports several
      --param <k=v>         a pipeline parameter (repeatable), parsed by its declared type;
                            lists and structs as JSON: --param sweep=[0.1,0.2]
      --root <dir>          where runs and artifacts are kept (default .kite)
      --no-cache            run every task even if an earlier run has its outputs
      --concurrency <n>     most tasks at once (default: number of CPU cores)
      --isolation <mode>    inprocess (default, fast) or process (one subprocess per task)
      --resume <run-id>     finish an interrupted run without redoing completed tasks
      --force               with --resume: take the run even if its owner looks alive
      --json                print one JSON object (run id, state, tasks) instead of progress`,
  options: {
    pipeline: { type: 'string', short: 'p' },
    param: { type: 'string', multiple: true },
    root: { type: 'string' },
    'no-cache': { type: 'boolean' },
    concurrency: { type: 'string' },
    isolation: { type: 'string' },
    resume: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const [file, ...extra] = positionals;
    const resumeId = values.resume as string | undefined;
    if ((!file && !resumeId) || extra.length > 0) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        file ? `expected one pipeline file, got ${positionals.length}` : 'missing the pipeline file',
        {
          hint: 'kite run <file.ts|compiled.yaml> [--param k=v]',
        },
      );
    }
    const isolation = (values.isolation as string | undefined) ?? 'inprocess';
    if (!(ISOLATIONS as readonly string[]).includes(isolation)) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `--isolation must be ${ISOLATIONS.join(' or ')}, got '${isolation}'`,
      );
    }
    const concurrency = positiveInt(values.concurrency as string | undefined, '--concurrency');
    const store = openStore(resolve(io.cwd, (values.root as string | undefined) ?? '.kite'));
    try {
      const resumeRunId = resumeId ? store.meta.resolveRunId(resumeId) : undefined;
      // On resume the run says which pipeline of the file it was.
      const name =
        (values.pipeline as string | undefined) ??
        (resumeRunId ? store.meta.requireRun(resumeRunId).pipelineName : undefined);
      const loaded = file ? await loadSpec(file, name, io.cwd) : undefined;
      const pairs = (values.param as string[] | undefined) ?? [];
      if (resumeId && pairs.length > 0)
        throw new KiteError('INVALID_ARGUMENT', '--resume keeps the parameters of the run; drop --param');
      const json = values.json === true;
      const progress = json ? undefined : createProgress(io);
      const options: RunPipelineOptions = {
        spec: loaded?.spec ?? ({} as PipelineSpec),
        store,
        cwd: io.cwd,
        isolation: isolation as Isolation,
        noCache: values['no-cache'] === true,
        signal: io.signal,
      };
      if (loaded?.components) options.components = loaded.components;
      if (loaded && !resumeId) options.params = parseParamArgs(pairs, loaded.spec.root?.inputDefinitions);
      if (concurrency !== undefined) options.concurrency = concurrency;
      if (resumeRunId) {
        options.resumeRunId = resumeRunId;
        if (values.force) options.force = true;
      }
      if (progress) options.onEvent = (e) => progress.onEvent(e);
      const result = await runPipeline(options);
      progress?.finish();
      if (json) {
        io.stdout(
          `${JSON.stringify(
            {
              runId: result.runId,
              pipeline: result.pipelineName,
              state: result.state,
              error: result.error?.message ?? null,
              tasks: result.tasks.map((t) => ({
                path: t.path,
                state: t.state,
                attempts: t.attempts,
                durationMs: t.durationMs,
                outputs: t.outputs,
                ...(t.error ? { error: t.error.message } : {}),
              })),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        io.stdout(`\n${summaryTable(result)}`);
        if (result.state === 'FAILED') io.stderr(`kite run: ${result.error?.message ?? 'the run failed'}\n`);
      }
      return result.state === 'SUCCEEDED' ? 0 : result.state === 'CANCELED' ? 130 : 1;
    } finally {
      store.close();
    }
  },
};
