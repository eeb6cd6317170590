import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { compilePipeline, loadPipeline } from '../../compiler/index.js';
import { KiteError } from '../../core/index.js';
import { toJson, toYaml } from '../../ir/index.js';
import type { Command } from '../command.js';

export const compileCommand: Command = {
  name: ['compile'],
  summary: 'compile a TypeScript pipeline to a Kubeflow Pipelines v2 PipelineSpec (YAML)',
  usage: `Usage: kite compile <file.ts> [--pipeline <name>] [-o <out.yaml>]

Options:
  -p, --pipeline <name>  the pipeline to compile when the file exports several
  -o, --output <file>    write here (.yaml, .yml or .json) instead of stdout
      --image <image>    default container image of the components
      --module <path>    path of the pipeline file inside the image (default: as given)
      --no-cache         compile every task with caching off
      --pipeline-root <uri>  defaultPipelineRoot, e.g. minio://mlpipeline/v2/artifacts`,
  options: {
    pipeline: { type: 'string', short: 'p' },
    output: { type: 'string', short: 'o' },
    image: { type: 'string' },
    module: { type: 'string' },
    'no-cache': { type: 'boolean' },
    'pipeline-root': { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) {
      throw new KiteError(
        'INVALID_ARGUMENT',
        file ? `expected one pipeline file, got ${positionals.length}` : 'missing the pipeline file',
        {
          hint: 'kite compile <file.ts> [-o out.yaml]',
        },
      );
    }
    const name = values.pipeline as string | undefined;
    const p = await loadPipeline(file, name === undefined ? { cwd: io.cwd } : { name, cwd: io.cwd });
    const options: Parameters<typeof compilePipeline>[1] = {
      module: (values.module as string | undefined) ?? relative(io.cwd, resolve(io.cwd, file)),
    };
    if (values.image) options.image = values.image as string;
    if (values['no-cache']) options.cache = false;
    if (values['pipeline-root']) options.pipelineRoot = values['pipeline-root'] as string;
    const spec = compilePipeline(p, options);
    const out = values.output as string | undefined;
    const text = out?.endsWith('.json') ? `${toJson(spec)}\n` : toYaml(spec);
    if (!out) {
      io.stdout(text);
      return 0;
    }
    writeFileSync(resolve(io.cwd, out), text);
    const tasks = Object.keys(spec.root.dag?.tasks ?? {}).length;
    io.stderr(
      `compiled pipeline '${p.name}' → ${out} (${Object.keys(spec.components ?? {}).length} components, ${tasks} top-level tasks)\n`,
    );
    return 0;
  },
};
