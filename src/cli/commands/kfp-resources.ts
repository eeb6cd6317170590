/** `kite kfp pipelines …` and `kite kfp experiments …`. */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { sha256 } from '../../core/index.js';
import { isCompiledFile, loadSpec } from '../../kubeflow/index.js';
import type { Command } from '../command.js';
import { experimentOf, kfpCommand, limitOf, take } from './kfp-command.js';
import { namespaceOf, onePositional, printJson, printTable } from './kfp-connection.js';

const pipelinesUpload = kfpCommand(
  ['pipelines', 'upload'],
  'upload a pipeline (.ts compiled first) as a new pipeline or a new version of it',
  `<file.ts|compiled.yaml> [--name <pipeline>] [--version <name>] [--description <text>]

Creates the pipeline when no pipeline of that name exists, else uploads a new version
(named by --version, default <name>-<first 8 hex of the spec digest>).`,
  {
    name: { type: 'string' },
    version: { type: 'string' },
    description: { type: 'string' },
    pipeline: { type: 'string', short: 'p' },
  },
  async (client, args, io) => {
    const file = onePositional(args, 'pipeline file', 'kite kfp pipelines upload <file>');
    const v = args.values;
    const doc = await loadSpec(file, {
      cwd: io.cwd,
      ...(typeof v.pipeline === 'string' ? { pipeline: v.pipeline } : {}),
    });
    const text = isCompiledFile(file) ? readFileSync(resolve(io.cwd, file)) : doc.yaml;
    const fileName = isCompiledFile(file) ? basename(file) : `${doc.spec.pipelineInfo.name}.yaml`;
    const name = typeof v.name === 'string' ? v.name : doc.spec.pipelineInfo.name;
    const namespace = namespaceOf(v, io);
    const description = typeof v.description === 'string' ? v.description : undefined;
    const existing = await client.pipelines.findByName(name, namespace);
    if (!existing) {
      const p = await client.pipelines.upload(text, {
        name,
        fileName,
        ...(namespace ? { namespace } : {}),
        ...(description ? { description } : {}),
      });
      if (v.json) printJson(client, io, { pipeline: p });
      else io.stderr(`created pipeline '${name}' (${p.pipeline_id})\n`);
      return 0;
    }
    const version = typeof v.version === 'string' ? v.version : `${name}-${sha256(doc.yaml).slice(0, 8)}`;
    const created = await client.pipelines.uploadVersion(text, existing.pipeline_id as string, {
      name: version,
      fileName,
      ...(description ? { description } : {}),
    });
    if (v.json) printJson(client, io, { pipeline: existing, version: created });
    else io.stderr(`uploaded version '${version}' (${created.pipeline_version_id}) of pipeline '${name}'\n`);
    return 0;
  },
);

const pipelinesList = kfpCommand(
  ['pipelines', 'list'],
  'list pipelines',
  '[--limit N]',
  { limit: { type: 'string' } },
  async (client, { values: v }, io) => {
    const namespace = namespaceOf(v, io);
    const items = await take(
      client.pipelines.all({ pageSize: 100, ...(namespace ? { namespace } : {}) }),
      limitOf(v),
    );
    if (v.json) printJson(client, io, items);
    else
      printTable(
        client,
        io,
        ['PIPELINE ID', 'NAME', 'CREATED'],
        items.map((p) => [p.pipeline_id ?? '', p.name ?? p.display_name ?? '', p.created_at ?? '']),
      );
    return 0;
  },
);

const experimentsList = kfpCommand(
  ['experiments', 'list'],
  'list experiments',
  '[--limit N]',
  { limit: { type: 'string' } },
  async (client, { values: v }, io) => {
    const namespace = namespaceOf(v, io);
    const items = await take(
      client.experiments.all({ pageSize: 100, ...(namespace ? { namespace } : {}) }),
      limitOf(v),
    );
    if (v.json) printJson(client, io, items);
    else
      printTable(
        client,
        io,
        ['EXPERIMENT ID', 'NAME', 'STATE', 'LAST RUN'],
        items.map((e) => [
          e.experiment_id ?? '',
          e.display_name ?? '',
          e.storage_state ?? '',
          e.last_run_created_at ?? '',
        ]),
      );
    return 0;
  },
);

const experimentsCreate = kfpCommand(
  ['experiments', 'create'],
  'create an experiment (or find the one of that name)',
  '<name> [--description <text>]',
  { description: { type: 'string' } },
  async (client, args, io) => {
    const name = onePositional(args, 'experiment name', 'kite kfp experiments create <name>');
    const e = await client.experiments.ensure(
      name,
      namespaceOf(args.values, io),
      typeof args.values.description === 'string' ? args.values.description : undefined,
    );
    if (args.values.json) printJson(client, io, e);
    else io.stderr(`experiment '${name}' (${e.experiment_id})\n`);
    return 0;
  },
);

const experimentsGet = kfpCommand(
  ['experiments', 'get'],
  'show an experiment (by name or id)',
  '<name|id>',
  {},
  async (client, args, io) => {
    const e = await experimentOf(
      client,
      onePositional(args, 'experiment', 'kite kfp experiments get <name|id>'),
      namespaceOf(args.values, io),
    );
    printJson(client, io, e);
    return 0;
  },
);

function experimentAction(verb: 'delete' | 'archive' | 'unarchive'): Command {
  return kfpCommand(
    ['experiments', verb],
    `${verb} an experiment (by name or id)`,
    '<name|id>',
    {},
    async (client, args, io) => {
      const e = await experimentOf(
        client,
        onePositional(args, 'experiment', `kite kfp experiments ${verb} <name|id>`),
        namespaceOf(args.values, io),
      );
      await client.experiments[verb](e.experiment_id as string);
      io.stderr(`${verb}d experiment '${e.display_name}' (${e.experiment_id})\n`);
      return 0;
    },
  );
}

/** `kite kfp runs list`: runs, newest first. */

/** `kite kfp pipelines upload <file>`: a new pipeline, or a new version of it. */
export const kfpPipelinesUploadCommand = pipelinesUpload;
/** `kite kfp pipelines list`. */
export const kfpPipelinesListCommand = pipelinesList;
/** `kite kfp experiments list`. */
export const kfpExperimentsListCommand = experimentsList;
/** `kite kfp experiments create <name>` (finds an existing one). */
export const kfpExperimentsCreateCommand = experimentsCreate;
/** `kite kfp experiments get <name|id>`. */
export const kfpExperimentsGetCommand = experimentsGet;
/** `kite kfp experiments delete <name|id>`. */
export const kfpExperimentsDeleteCommand = experimentAction('delete');
/** `kite kfp experiments archive <name|id>`. */
export const kfpExperimentsArchiveCommand = experimentAction('archive');
/** `kite kfp experiments unarchive <name|id>`. */
export const kfpExperimentsUnarchiveCommand = experimentAction('unarchive');
