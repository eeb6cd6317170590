/**
 * GLUE's MRPC has no zip: GLUE's `download_glue_data.py` (nyu-mll/GLUE-baselines) builds it from
 * Microsoft's two files as SentEval hosts them and a list of dev ids. This file rebuilds those
 * three TSVs the same way (facts of the format, not the script's code):
 * - `test.tsv`: header `index\t#1 ID\t#2 ID\t#1 String\t#2 String`, then each test row (after its
 *   header, trimmed, split on tabs into label, id1, id2, s1, s2) as `i\tid1\tid2\ts1\ts2`;
 * - `train.tsv` / `dev.tsv`: the training file's header line kept as it is (with its byte-order
 *   mark: Python's `utf-8` codec keeps it), then each row as `label\tid1\tid2\ts1\ts2`, in `dev.tsv` when `id1\tid2` is a line of
 *   the dev ids, else in `train.tsv`.
 */

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Issue, KiteError } from '../core/index.js';
import { type ArchiveFolderOptions, extractFolder } from './archive-cache.js';
import type { ArchiveEntry } from './archive-entry.js';
import { type DataFileSpec, defaultCacheDir, downloadVerified } from './data-files.js';

/**
 * The three downloads. SHA-256 and sizes: Hugging Face `datasets/glue/dataset_infos.json`
 * (`mrpc.download_checksums`, huggingface/datasets commit 040102f1); MD5s of the two MSR files:
 * torchtext `torchtext/datasets/mrpc.py` (`MD5`).
 */
export const MRPC_SOURCES = {
  train: {
    name: 'msr_paraphrase_train.txt',
    url: 'https://dl.fbaipublicfiles.com/senteval/senteval_data/msr_paraphrase_train.txt',
    md5: '793daf7b6224281e75fe61c1f80afe35',
    fileSha256: '60a9b09084528f0673eedee2b69cb941920f0b8cd0eeccefc464a98768457f89',
    size: 1047044,
  },
  test: {
    name: 'msr_paraphrase_test.txt',
    url: 'https://dl.fbaipublicfiles.com/senteval/senteval_data/msr_paraphrase_test.txt',
    md5: 'e437fdddb92535b820fe8852e2df8a49',
    fileSha256: 'a04e271090879aaba6423d65b94950c089298587d9c084bf9cd7439bd785f784',
    size: 441275,
  },
  devIds: {
    name: 'mrpc_dev_ids.tsv',
    url: 'https://dl.fbaipublicfiles.com/glue/data/mrpc_dev_ids.tsv',
    fileSha256: '971d7767d81b997fd9060ade0ec23c4fc31cbb226a55d1bd4a1bac474eb81dc7',
    size: 6222,
  },
} as const satisfies Record<string, DataFileSpec>;

export type MrpcSources = { [K in keyof typeof MRPC_SOURCES]: DataFileSpec };

/** Lines as Python's universal-newline reading gives them (the last newline ends, not adds). */
function lines(text: string): string[] {
  const out = text.split(/\r\n|\r|\n/);
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * GLUE's `train.tsv`, `dev.tsv` and `test.tsv` of MRPC from Microsoft's files (see the file
 * comment). Rows that do not have five tab-separated fields are errors naming file and line.
 */
export function buildMrpc(
  train: string,
  test: string,
  devIds: string,
): Record<'train.tsv' | 'dev.tsv' | 'test.tsv', string> {
  const issues: Issue[] = [];
  const rows = (text: string, file: string): string[][] =>
    lines(text)
      .slice(1)
      .flatMap((line, i) => {
        const fields = line.trim().split('\t');
        if (fields.length === 5) return [fields];
        issues.push({
          code: 'bad-row',
          path: `${file}:${i + 2}`,
          message: `expected 5 tab-separated fields (label, id1, id2, sentence 1, sentence 2), got ${fields.length}`,
        });
        return [];
      });
  const dev = new Set(lines(devIds).map((l) => l.trim()));
  const header = `${lines(train)[0] ?? ''}\n`;
  let trainOut = header;
  let devOut = header;
  for (const [label, id1, id2, s1, s2] of rows(train, MRPC_SOURCES.train.name)) {
    const row = `${label}\t${id1}\t${id2}\t${s1}\t${s2}\n`;
    if (dev.has(`${id1}\t${id2}`)) devOut += row;
    else trainOut += row;
  }
  let testOut = 'index\t#1 ID\t#2 ID\t#1 String\t#2 String\n';
  rows(test, MRPC_SOURCES.test.name).forEach(([, id1, id2, s1, s2], i) => {
    testOut += `${i}\t${id1}\t${id2}\t${s1}\t${s2}\n`;
  });
  if (issues.length > 0) {
    throw new KiteError('INVALID_DATA', `MRPC sources: ${issues.length} malformed row(s)`, {
      issues: issues.slice(0, 50),
    });
  }
  return { 'train.tsv': trainOut, 'dev.tsv': devOut, 'test.tsv': testOut };
}

/**
 * MRPC's folder: the first of `options.localFolders` with `dev.tsv`, else `<cacheDir>/glue/MRPC`,
 * else built once from the three verified downloads of {@link MRPC_SOURCES} (atomically).
 */
export async function resolveMrpc(
  options: ArchiveFolderOptions & { mrpcSources?: MrpcSources } = {},
): Promise<string> {
  const looked: string[] = [];
  const has = async (dir: string) =>
    (await stat(join(dir, 'dev.tsv')).catch(() => undefined))?.isFile() ?? false;
  for (const folder of options.localFolders ?? []) {
    looked.push(`${folder}/`);
    if (await has(folder)) return folder;
  }
  const cached = join(options.cacheDir ?? defaultCacheDir(), 'glue', 'MRPC');
  looked.push(`${cached}/`);
  if (await has(cached)) return cached;
  const sources = options.mrpcSources ?? MRPC_SOURCES;
  if (options.download === false) {
    throw new KiteError('NOT_FOUND', `glue/MRPC (dev.tsv) not found; looked in:\n  ${looked.join('\n  ')}`, {
      hint: `allow the download of ${Object.values(sources)
        .map((s) => s.url)
        .join(', ')}, or put GLUE's MRPC folder in one of those places`,
    });
  }
  const text = async (spec: DataFileSpec) =>
    new TextDecoder('utf-8', { ignoreBOM: true }).decode(await downloadVerified(spec, options, looked));
  const built = buildMrpc(await text(sources.train), await text(sources.test), await text(sources.devIds));
  const entries: ArchiveEntry[] = Object.entries(built).map(([name, content]) => {
    const bytes = new TextEncoder().encode(content);
    return { name: `MRPC/${name}`, type: 'file', size: bytes.length, read: () => bytes };
  });
  await extractFolder(
    entries,
    { root: 'MRPC', required: ['train.tsv', 'dev.tsv', 'test.tsv'] },
    cached,
    'MRPC sources',
  );
  return cached;
}
