import { KiteError } from '../../core/index.js';
import type { LineageEntry } from '../../store/index.js';
import type { Command } from '../command.js';
import { table } from './runs.js';
import { openExistingStore, ROOT_OPTIONS } from './store-root.js';

const row = (how: string, e: LineageEntry): string[] => [
  how,
  e.run.id,
  e.run.pipelineName,
  e.task.path,
  e.task.state,
  `${e.event.port}${e.event.index > 0 ? `[${e.event.index}]` : ''}`,
];

export const lineageCommand: Command = {
  name: ['lineage'],
  summary: 'show which runs and tasks produced and consumed an artifact',
  usage: `Usage: kite lineage <artifact-uri-or-id> [--root <dir>] [--json]`,
  options: { ...ROOT_OPTIONS },
  async run({ values, positionals }, io) {
    const [ref] = positionals;
    if (!ref || positionals.length > 1) {
      throw new KiteError('INVALID_ARGUMENT', 'expected one artifact URI or id', {
        hint: 'kite runs show <run-id> lists output URIs',
      });
    }
    const store = openExistingStore(values.root as string | undefined, io);
    try {
      const lineage = store.meta.getLineage(ref);
      if (values.json) {
        io.stdout(`${JSON.stringify(lineage, null, 2)}\n`);
        return 0;
      }
      const a = lineage.artifact;
      io.stdout(
        [
          `artifact  ${a.id}  ${a.typeTitle}`,
          `uri       ${a.uri}`,
          `digest    ${a.digest ?? '-'}  (${a.sizeBytes ?? 0} bytes, ${a.kind}${a.committed ? '' : ', not committed'})`,
          `metadata  ${JSON.stringify(a.metadata)}`,
          '',
          '',
        ].join('\n'),
      );
      const rows = [
        ...lineage.producedBy.map((e) => row(e.task.cachedFromTaskId ? 'reused by' : 'produced by', e)),
        ...lineage.consumedBy.map((e) => row('consumed by', e)),
      ];
      io.stdout(table(['', 'RUN', 'PIPELINE', 'TASK', 'STATE', 'PORT'], rows));
      return 0;
    } finally {
      store.close();
    }
  },
};
