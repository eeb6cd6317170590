import { componentDigest, importModule } from '../../compiler/index.js';
import { createLogger, formatLogRecord, KiteError } from '../../core/index.js';
import { executeComponent, findComponent } from '../../executor/index.js';
import type { ExecutorInput } from '../../ir/index.js';
import type { Command } from '../command.js';

export const executeCommand: Command = {
  name: ['execute'],
  summary: "run one component with KFP's executor contract (what a Kubeflow container runs)",
  usage: `Usage: kite execute --executor_input <json> --component <name> --module <file> [--digest <d>]

Reads KFP's executor input (the {{$}} placeholder), runs the component, and writes its output
parameter files and output_metadata.json. Exit 0 on success, 1 when the component fails.
Log lines go to stderr; ctx.report and ctx.progress become stderr lines starting with
'kite:report ' and 'kite:progress ' followed by JSON. KITE_PIPELINE, KITE_RUN_ID, KITE_TASK
and KITE_ATTEMPT, when set, fill ctx.task.

Options:
  --executor_input <json>  the executor input JSON
  --component <name>       the component to run
  --module <file>          the pipeline file that defines it (.ts or .js)
  --digest <digest>        the code digest recorded at compile time (a warning if it differs)`,
  options: {
    executor_input: { type: 'string' },
    component: { type: 'string' },
    module: { type: 'string' },
    digest: { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const json = values.executor_input as string | undefined;
    const name = values.component as string | undefined;
    const file = values.module as string | undefined;
    if (!json || !name || !file) {
      throw new KiteError('INVALID_ARGUMENT', 'needs --executor_input, --component and --module', {
        hint: 'kite execute --help',
      });
    }
    let input: ExecutorInput;
    try {
      input = JSON.parse(json) as ExecutorInput;
    } catch (e) {
      throw new KiteError('INVALID_ARGUMENT', `--executor_input is not valid JSON: ${(e as Error).message}`);
    }
    const component = findComponent(await importModule(file, io.cwd), name, file);
    const digest = values.digest as string | undefined;
    if (digest && digest !== componentDigest(component)) {
      io.stderr(
        `kite execute: warning: component '${name}' changed since the pipeline was compiled (digest differs)\n`,
      );
    }
    const log = createLogger((r) => io.stderr(`${formatLogRecord(r)}\n`), 'info');
    const e = io.env;
    await executeComponent(component, input, {
      signal: io.signal,
      task: {
        pipeline: e.KITE_PIPELINE ?? '',
        runId: e.KITE_RUN_ID ?? '',
        task: e.KITE_TASK ?? name,
        attempt: Number(e.KITE_ATTEMPT ?? 1),
      },
      log,
      onReport: (step, metrics) => io.stderr(`kite:report ${JSON.stringify({ step, metrics })}\n`),
      onProgress: (done, total) => io.stderr(`kite:progress ${JSON.stringify({ done, total })}\n`),
    });
    return 0;
  },
};
