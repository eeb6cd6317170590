import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MNIST_FILES } from './data-files.js';
import { GLUE_ARCHIVES, loadGlueTask, loadMnist, resolveGlueTask } from './dataset-registry.js';
import { MRPC_SOURCES } from './dataset-registry-mrpc.js';

const zip = readFileSync(new URL('./fixtures/archives/SST-2.zip', import.meta.url));
const zipMd5 = createHash('md5').update(zip).digest('hex');
const tmp = () => mkdtempSync(join(tmpdir(), 'kite-registry-'));

/** A fetch that serves `files` by URL and counts requests. */
function fakeFetch(files: Record<string, Uint8Array>) {
  const calls: string[] = [];
  const f = (async (input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    const body = files[url];
    return new Response(body ? new Uint8Array(body) : null, { status: body ? 200 : 404 });
  }) as typeof fetch;
  return { fetch: f, calls };
}

describe('resolveGlueTask', () => {
  it('downloads the task zip once, verified, and loadGlue reads it', async () => {
    const cacheDir = tmp();
    const { fetch, calls } = fakeFetch({ 'https://mirror.test/SST-2.zip': zip });
    const archive = {
      url: 'https://mirror.test/SST-2.zip',
      md5: zipMd5,
      fileSha256: undefined,
      size: undefined,
    };
    const dev = await loadGlueTask('sst-2', 'dev', { cacheDir, fetch, archive });
    expect(dev.size).toBe(20);
    expect(dev.labelled).toBe(true);
    expect(dev.examples[0]).toEqual({ text: "it 's a charming and often affecting journey .", label: 1 });
    const test = await loadGlueTask('sst-2', 'test', { cacheDir, fetch, archive });
    expect(test.labelled).toBe(false);
    expect(await resolveGlueTask('sst-2', { cacheDir, fetch, archive })).toBe(
      join(cacheDir, 'glue', 'SST-2'),
    );
    expect(calls).toEqual(['https://mirror.test/SST-2.zip']);
  });

  it('checks the published checksums of the real zip (a served copy of something else fails)', async () => {
    const cacheDir = tmp();
    const url = 'https://dl.fbaipublicfiles.com/glue/data/SST-2.zip';
    expect(GLUE_ARCHIVES['sst-2'].url).toBe(url);
    const { fetch } = fakeFetch({ [url]: zip });
    const e = await resolveGlueTask('sst-2', { cacheDir, fetch }).catch((x) => x);
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toContain(
      `${GLUE_ARCHIVES['sst-2'].url}: expected size 7439277 bytes, got ${zip.length} bytes`,
    );
  });

  it('prefers the data directory (glue/<TASK>/ or <TASK>/) and makes no request', async () => {
    for (const sub of [['glue', 'RTE'], ['RTE']]) {
      const dataDir = tmp();
      const folder = join(dataDir, ...sub);
      mkdirSync(folder, { recursive: true });
      copyFileSync(new URL('./fixtures/glue/rte-dev-20.tsv', import.meta.url), join(folder, 'dev.tsv'));
      const { fetch, calls } = fakeFetch({});
      expect(await resolveGlueTask('rte', { dataDir, cacheDir: tmp(), fetch })).toBe(folder);
      expect((await loadGlueTask('rte', 'dev', { dataDir, fetch })).size).toBeGreaterThan(0);
      expect(calls).toEqual([]);
    }
  });

  it('reads MNLI (matched / mismatched splits) and QQP in their GLUE layouts from the data directory', async () => {
    const dataDir = tmp();
    const write = (task: string, file: string, lines: string[]) => {
      mkdirSync(join(dataDir, 'glue', task), { recursive: true });
      writeFileSync(
        join(dataDir, 'glue', task, file),
        `${lines.map((l) => l.replaceAll('|', '\t')).join('\n')}\n`,
      );
    };
    const parses = '( a b )|( c d )|(ROOT (S a b))|(ROOT (S c d))';
    const nliHeader =
      'index|promptID|pairID|genre|sentence1_binary_parse|sentence2_binary_parse|sentence1_parse|sentence2_parse|sentence1|sentence2';
    write('MNLI', 'dev_matched.tsv', [
      `${nliHeader}|label1|label2|label3|label4|label5|gold_label`,
      `0|1|1e|fiction|${parses}|The cat sat on the mat.|A cat is sitting.|entailment|entailment|neutral|entailment|entailment|entailment`,
      `1|2|2c|travel|${parses}|The museum opens at nine.|The museum never opens.|contradiction|contradiction|contradiction|contradiction|contradiction|contradiction`,
    ]);
    write('MNLI', 'dev_mismatched.tsv', [
      `${nliHeader}|label1|label2|label3|label4|label5|gold_label`,
      `0|3|3n|letters|${parses}|She wrote a letter.|She wrote to her sister.|neutral|neutral|neutral|entailment|neutral|neutral`,
    ]);
    write('MNLI', 'test_matched.tsv', [
      nliHeader,
      `0|4|4|fiction|${parses}|It rained all day.|The ground was dry.`,
    ]);
    write('QQP', 'dev.tsv', [
      'id|qid1|qid2|question1|question2|is_duplicate',
      '7|11|12|How do I learn to cook?|What is the best way to learn cooking?|1',
      '8|13|14|Why is the sky blue?|How tall is a giraffe?|0',
    ]);
    const { fetch, calls } = fakeFetch({});
    const opts = { dataDir, fetch };
    const matched = await loadGlueTask('mnli', 'dev_matched', opts);
    expect(matched.examples.map((e) => [e.textPair, e.label])).toEqual([
      ['A cat is sitting.', 0],
      ['The museum never opens.', 2],
    ]);
    expect(matched.classes).toEqual(['entailment', 'neutral', 'contradiction']);
    expect((await loadGlueTask('mnli', 'dev_mismatched', opts)).examples[0]!.label).toBe(1);
    const test = await loadGlueTask('mnli', 'test_matched', opts);
    expect(test.labelled).toBe(false);
    expect(test.examples[0]).toEqual({ text: 'It rained all day.', textPair: 'The ground was dry.' });
    const qqp = await loadGlueTask('qqp', 'dev', opts);
    expect(qqp.examples.map((e) => e.label)).toEqual([1, 0]);
    expect(qqp.examples[0]!.text).toBe('How do I learn to cook?');
    expect(calls).toEqual([]);
    await expect(loadGlueTask('mnli', 'dev', opts)).rejects.toThrow(/GLUE mnli has no 'dev' split/);
    await expect(loadGlueTask('qqp', 'dev_matched', opts)).rejects.toThrow(
      /GLUE qqp has no 'dev_matched' split/,
    );
  });

  it('says where it looked when offline', async () => {
    const cacheDir = tmp();
    const e = await resolveGlueTask('cola', { dataDir: '/nowhere', cacheDir, download: false }).catch(
      (x) => x,
    );
    expect(e.code).toBe('NOT_FOUND');
    for (const p of ['/nowhere/glue/CoLA/', '/nowhere/CoLA/', `${join(cacheDir, 'glue', 'CoLA')}/`]) {
      expect(e.message).toContain(p);
    }
    expect(e.hint).toContain('https://dl.fbaipublicfiles.com/glue/data/CoLA.zip');
    const m = await resolveGlueTask('mrpc', { dataDir: '/nowhere', cacheDir, download: false }).catch(
      (x) => x,
    );
    expect(m.code).toBe('NOT_FOUND');
    expect(m.message).toContain('/nowhere/glue/MRPC/');
    expect(m.hint).toContain(MRPC_SOURCES.train.url);
  });

  it("builds MRPC from Microsoft's files as GLUE does, once", async () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    const header = '\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n';
    const train = enc(`${header}1\t1\t2\tA b .\tA b !\r\n0\t3\t4\tC .\tD .\r\n1\t5\t6\tE .\tE !\r\n`);
    const test = enc(`${header}1\t7\t8\tF .\tG .\r\n0\t9\t10\tH .\tI .\r\n`);
    const ids = enc('3\t4\r\n');
    const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
    const { fetch, calls } = fakeFetch({
      'https://m.test/train': train,
      'https://m.test/test': test,
      'https://m.test/ids': ids,
    });
    const mrpcSources = {
      train: { name: 'train', url: 'https://m.test/train', md5: md5(train) },
      test: { name: 'test', url: 'https://m.test/test', md5: md5(test) },
      devIds: { name: 'ids', url: 'https://m.test/ids', md5: md5(ids) },
    };
    const cacheDir = tmp();
    const dir = await resolveGlueTask('mrpc', { cacheDir, fetch, mrpcSources });
    expect(dir).toBe(join(cacheDir, 'glue', 'MRPC'));
    const h = '\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n';
    const read = (f: string) =>
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(join(dir, f)));
    expect(read('train.tsv')).toBe(`${h}1\t1\t2\tA b .\tA b !\n1\t5\t6\tE .\tE !\n`);
    expect(read('dev.tsv')).toBe(`${h}0\t3\t4\tC .\tD .\n`);
    expect(read('test.tsv')).toBe(
      'index\t#1 ID\t#2 ID\t#1 String\t#2 String\n0\t7\t8\tF .\tG .\n1\t9\t10\tH .\tI .\n',
    );
    const devSet = await loadGlueTask('mrpc', 'dev', { cacheDir, fetch, mrpcSources });
    expect(devSet.examples).toEqual([{ text: 'C .', textPair: 'D .', label: 0 }]);
    expect(calls).toHaveLength(3);
    const bad = { ...mrpcSources, devIds: { ...mrpcSources.devIds, md5: '0'.repeat(32) } };
    const e = await resolveGlueTask('mrpc', { cacheDir: tmp(), fetch, mrpcSources: bad }).catch((x) => x);
    expect(e.code).toBe('INVALID_DATA');
  });

  it('lists a URL and well-formed published checksums for every zip task', () => {
    for (const [task, spec] of Object.entries(GLUE_ARCHIVES)) {
      if (task === 'mrpc') continue;
      const s = spec as { url: string; fileSha256: string; size: number; md5?: string };
      expect(s.url).toMatch(/^https:\/\/dl\.fbaipublicfiles\.com\/glue\/data\/[A-Za-z0-9-]+\.zip$/);
      expect(s.fileSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(s.size).toBeGreaterThan(0);
      if (s.md5) expect(s.md5).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(MRPC_SOURCES.train.md5).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('loadMnist', () => {
  const images = new URL('./fixtures/fashion-mnist-300-images-idx3-ubyte.gz', import.meta.url);
  const labels = new URL('./fixtures/fashion-mnist-300-labels-idx1-ubyte.gz', import.meta.url);

  it('reads IDX files from <dataDir>/mnist/ offline', async () => {
    const dataDir = tmp();
    mkdirSync(join(dataDir, 'mnist'));
    copyFileSync(images, join(dataDir, 'mnist', MNIST_FILES.testImages.name));
    copyFileSync(labels, join(dataDir, 'mnist', MNIST_FILES.testLabels.name));
    const ds = await loadMnist('test', { dataDir, cacheDir: tmp(), download: false });
    expect(ds.size).toBe(300);
    expect(ds.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it("tries torchvision's mirrors in order and checks torchvision's MD5", async () => {
    const cacheDir = tmp();
    const second = `https://ossci-datasets.s3.amazonaws.com/mnist/${MNIST_FILES.testImages.name}`;
    const { fetch, calls } = fakeFetch({ [second]: readFileSync(images) });
    const e = await loadMnist('test', { cacheDir, fetch }).catch((x) => x);
    expect(calls).toEqual([`http://yann.lecun.com/exdb/mnist/${MNIST_FILES.testImages.name}`, second]);
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toContain(`${second}: expected md5 9fb629c4189551a2d022fa330f9573f3, got `);
  });
});
