import { describe, expect, it } from 'vitest';
import { isKiteError } from '../core/index.js';
import { loadGlue, parseGlueTsv } from './glue.js';
import { buildVocabulary, encodeText, OOV_ID, PAD_ID, parseVocabulary, tokenize } from './tokenizer.js';

const glue = new URL('./fixtures/glue/', import.meta.url).pathname;

describe('GLUE TSV', () => {
  it('reads SST-2 sentences with labels', async () => {
    const train = await loadGlue(`${glue}sst2-train-300.tsv`, 'sst-2');
    expect(train.size).toBe(300);
    expect(train.classes).toEqual(['0', '1']);
    expect(train.examples[0]).toEqual({
      text: 'a stirring , funny and finally transporting re-imagining of beauty and the beast and 1930s horror films',
      label: 1,
    });
    const dev = await loadGlue(`${glue}sst2-dev-100.tsv`, 'sst-2');
    expect(dev.size).toBe(100);
    const positives = dev.examples.filter((e) => e.label === 1).length;
    expect(positives).toBeGreaterThan(30);
    expect(positives).toBeLessThan(70);
  });

  it('reads unlabelled test files', async () => {
    const test = await loadGlue(`${glue}sst2-test-10.tsv`, 'sst-2');
    expect(test.labelled).toBe(false);
    expect(test.examples[0]!.label).toBeUndefined();
  });

  it('reads sentence pairs: MRPC (with BOM), RTE, and STS-B scores', async () => {
    const mrpc = await loadGlue(`${glue}mrpc-train-20.tsv`, 'mrpc');
    expect(mrpc.size).toBe(20);
    expect(mrpc.examples[0]!.text).toMatch(/^Amrozi accused his brother/);
    expect(mrpc.examples[0]!.textPair).toMatch(/^Referring to him as only " the witness "/);
    const rte = await loadGlue(`${glue}rte-dev-20.tsv`, 'rte');
    expect(rte.examples[0]!.label).toBe(1); // not_entailment
    const sts = await loadGlue(`${glue}stsb-dev-20.tsv`, 'sts-b');
    expect(sts.examples[0]!.label).toBe(5);
    expect(sts.examples[1]!.label).toBe(4.75);
    const cola = await loadGlue(`${glue}cola-dev-20.tsv`, 'cola');
    expect(cola.size).toBe(20);
  });

  it('reads original header-less CoLA files', () => {
    const ds = parseGlueTsv(
      'gj04\t1\t\tThe sailors rode the breeze.\ngj04\t0\t*\tThe more we study.\n',
      'cola',
      'in_domain_dev.tsv',
    );
    expect(ds.examples.map((e) => e.label)).toEqual([1, 0]);
  });

  it('reports every bad line with file:line', () => {
    try {
      parseGlueTsv('sentence\tlabel\ngood\t1\nbad\t7\nshort\n', 'sst-2', 'x.tsv');
      expect.unreachable();
    } catch (e) {
      expect(isKiteError(e) && e.issues.map((i) => i.path)).toEqual(['x.tsv:3', 'x.tsv:4']);
    }
    expect(() => parseGlueTsv('a\tb\n', 'sst-2', 'y.tsv')).toThrow(/y.tsv:1: header/);
    expect(() => parseGlueTsv('sentence\tlabel\n', 'sst-2', 'z.tsv')).toThrow(/problem/);
  });
});

describe('tokenizer and vocabulary', () => {
  it('tokenizes words, punctuation and contractions', () => {
    expect(tokenize("It's a re-imagining, isn't it?")).toEqual([
      'it',
      "'s",
      'a',
      're-imagining',
      ',',
      'isn',
      "'t",
      'it',
      '?',
    ]);
    expect(tokenize('Hello', false)).toEqual(['Hello']);
  });

  it('builds a vocabulary by frequency and encodes with padding, truncation and OOV', async () => {
    const train = await loadGlue(`${glue}sst2-train-300.tsv`, 'sst-2');
    const vocab = buildVocabulary(
      train.examples.map((e) => e.text),
      { minCount: 2 },
    );
    expect(vocab.tokens.slice(0, 5)).toEqual(['<pad>', '<oov>', '.', ',', 'the']);
    const the = vocab.tokens.indexOf('the');
    const ids = encodeText(vocab, 'the zzzunknownzzz film', { maxLength: 5 });
    expect(ids[0]).toBe(the);
    expect(ids[1]).toBe(OOV_ID);
    expect(Array.from(ids.subarray(3))).toEqual([PAD_ID, PAD_ID]);
    const pre = encodeText(vocab, 'the film', { maxLength: 4, padding: 'pre' });
    expect(pre[0]).toBe(PAD_ID);
    expect(pre[2]).toBe(the);
    expect(encodeText(vocab, 'the the the film', { maxLength: 2, truncation: 'pre' })[0]).toBe(the);
    const small = buildVocabulary(['a b c a b a'], { maxSize: 4 });
    expect(small.tokens).toEqual(['<pad>', '<oov>', 'a', 'b']);
  });

  it('round-trips through JSON and rejects a foreign file', () => {
    const vocab = buildVocabulary(['x y z']);
    expect(parseVocabulary(JSON.parse(JSON.stringify(vocab)), 'vocab.json')).toEqual(vocab);
    expect(() => parseVocabulary({ tokens: ['a'] }, 'vocab.json')).toThrow(/not a Kite vocabulary/);
  });
});
