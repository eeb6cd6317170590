import { describe, expect, it } from 'vitest';
import { checkLinkage, leavesOf } from '../cluster.js';
import { PartitionExplainer } from '../partition.js';
import { boxBlur, ImageMasker, imagePartitionTree } from './image.js';
import { IndependentMasker, PartitionMasker } from './tabular.js';
import { simpleTokenizer, TextMasker, type Tokenizer } from './text.js';
import { mergeScore, textPartitionTree } from './text-tree.js';

const mask = (bits: string) => Uint8Array.from(bits, (c) => (c === 'T' ? 1 : 0));

/** Tokens as GPT-2 splits the M1 sentence (leading spaces belong to tokens). */
function listTokenizer(pieces: string[], extra: Partial<Tokenizer> = {}): Tokenizer {
  return {
    ...extra,
    tokenize(s) {
      const offsets: [number, number][] = [];
      let pos = 0;
      for (const p of pieces) {
        const at = s.indexOf(p, pos);
        offsets.push(p === '' ? [0, 0] : [at, at + p.length]);
        if (p !== '') pos = at + p.length;
      }
      return { tokens: pieces.map((p) => p.trim()), offsets };
    },
  };
}

describe('TextMasker', () => {
  const s = 'This is a test string to be infilled';

  it('M1: infill with a collapsed mask token (GPT-2 tokens)', () => {
    const tok = listTokenizer(['This', ' is', ' a', ' test', ' string', ' to', ' be', ' inf', 'illed']);
    const b = new TextMasker({ tokenizer: tok, maskToken: '...', collapseMaskToken: true }).bind(s);
    const out = (m: string) => b.build(mask(m), 1)[0];
    expect(out('TTTTTFFFF')).toBe('This is a test string ...');
    expect(out('TTTFFTTTT')).toBe('This is a ... to be infilled');
    expect(out('FFFTTTTTT')).toBe('... test string to be infilled');
    expect(out('FFFFFFFFF')).toBe('...');
  });

  it('M1: the default simple tokenizer (segments carry trailing whitespace)', () => {
    const b = new TextMasker().bind(s);
    expect(b.size).toBe(8);
    expect(b.featureNames).toEqual(['This', 'is', 'a', 'test', 'string', 'to', 'be', 'infilled']);
    const out = (m: string) => b.build(mask(m), 1)[0];
    expect(out('TTTTTFFF')).toBe('This is a test string ...');
    expect(out('TTTFFTTT')).toBe('This is a ...to be infilled');
    expect(out('FFFTTTTT')).toBe('...test string to be infilled');
    expect(out('FFFFFFFF')).toBe('...');
  });

  it('M2: BERT-style tokens with the tokenizer mask token, and with "..." collapsed', () => {
    const bert = listTokenizer(['', 'I', 'like', 'this', 'movie', '.', ''], {
      maskToken: '[MASK]',
      keepPrefix: 1,
      keepSuffix: 1,
    });
    const fixed: Tokenizer = {
      ...bert,
      tokenize(str) {
        const r = bert.tokenize(str);
        r.tokens[0] = '[CLS]';
        r.tokens[6] = '[SEP]';
        r.offsets[6] = [0, 0];
        return r;
      },
    };
    const b = new TextMasker({ tokenizer: fixed }).bind('I like this movie.');
    expect(b.size).toBe(7);
    expect(b.build(mask('TTFFTTT'), 1)[0]).toBe('I [MASK] [MASK]movie.');
    expect(b.varying()).toEqual([1, 2, 3, 4, 5]);
    const c = new TextMasker({ tokenizer: fixed, maskToken: '...', collapseMaskToken: true }).bind(
      'I like this movie.',
    );
    expect(c.build(mask('TTFFTTT'), 1)[0]).toBe('I ...movie.');
  });

  it('token ids output replaces or drops hidden ids', () => {
    const tok: Tokenizer = {
      ...simpleTokenizer(),
      tokenize: (x) => ({ ...simpleTokenizer().tokenize(x), ids: [5, 6, 7] }),
      maskTokenId: 0,
    };
    expect(
      new TextMasker({ tokenizer: tok, outputType: 'tokenIds' }).bind('a b c').build(mask('TFT'), 1),
    ).toEqual([[5, 0, 7]]);
  });

  it('hierarchy: word pieces join first, sentence ends late', () => {
    const tree = textPartitionTree(['un', '##like', 'it', '.', 'so', 'good']);
    checkLinkage(tree, 6);
    expect(tree[0]?.slice(0, 2)).toEqual([0, 1]);
    const leaves = leavesOf(tree, 6);
    const root = tree[4] as readonly number[];
    expect(leaves[root[0] as number]).toEqual([0, 1, 2, 3]);
    expect(tree[4]?.[2]).toBe(1);
    expect(mergeScore([{ s: 'a', balanced: true }], [{ s: ',', balanced: true }])).toBe(-3);
  });

  it('Owen values of a text model add up to f(x) − f(all masked)', async () => {
    const f = (xs: string[]) =>
      xs.map((x) => (x.includes('good') ? 2 : 0) + (x.includes('not') ? -1.5 : 0) + x.length / 100);
    const e = await new PartitionExplainer(f, new TextMasker()).explain(['this movie is not good at all']);
    expect(e.featureNames(0)).toEqual(['this', 'movie', 'is', 'not', 'good', 'at', 'all']);
    expect(e.outputValue(0)).toBeCloseTo(f(['this movie is not good at all'])[0]!, 10);
    expect(e.baseValue(0)).toBeCloseTo(f(['...'])[0]!, 12);
  });
});

describe('ImageMasker', () => {
  it('hierarchy: halves rows first, leaves are flat indices, sizes add up', () => {
    const t = imagePartitionTree(4, 4, 1);
    checkLinkage(t, 16);
    const leaves = leavesOf(t, 16);
    const [l, r] = t[14] as readonly number[];
    expect(leaves[l as number]?.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(leaves[r as number]?.sort((a, b) => a - b)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    expect(t[14]?.[3]).toBe(16);
    const rgb = imagePartitionTree(2, 2, 3);
    checkLinkage(rgb, 12);
  });

  it('box blur reflects at the border like OpenCV (BORDER_REFLECT_101)', () => {
    const img = [1, 2, 3, 4];
    // 1×4 row, kernel 3 wide: [ (2+1+2)/3, (1+2+3)/3, (2+3+4)/3, (3+4+3)/3 ]
    expect(Array.from(boxBlur(img, 1, 4, 1, 3, 1)).map((v) => +v.toFixed(12))).toEqual(
      [5 / 3, 2, 3, 10 / 3].map((v) => +v.toFixed(12)),
    );
  });

  it('fills hidden pixels and keeps additivity in the partition explainer', async () => {
    const H = 8;
    const img = Array.from({ length: H * H }, (_, i) => (i % 7) / 7);
    const w = Array.from({ length: H * H }, (_, i) => Math.sin(i));
    const f = (b: { rows: number; cols: number; data: Float64Array | Float32Array }) =>
      Array.from({ length: b.rows }, (_, r) =>
        Math.tanh(w.reduce((s, wi, j) => s + wi * (b.data[r * b.cols + j] as number), 0)),
      );
    const masker = new ImageMasker('blur(3,3)', [H, H, 1]);
    const built = masker.bind(img).build(new Uint8Array(H * H), 1);
    expect(built.data[0]).toBeCloseTo(boxBlur(img, H, H, 1, 3, 3)[0]!, 12);
    const ex = new PartitionExplainer(f, masker, { maxEvals: 200, batchSize: 50 });
    const e = await ex.explain([img]);
    expect(ex.stats.masks).toBeLessThanOrEqual(200);
    expect(e.outputValue(0)).toBeCloseTo(f({ rows: 1, cols: H * H, data: Float64Array.from(img) })[0]!, 10);
    expect(() => new ImageMasker('inpaint_telea' as never, [2, 2, 1])).toThrow(/not supported/);
  });
});

describe('tabular maskers', () => {
  it('Independent: builds background copies with kept features from the row', () => {
    const b = new IndependentMasker([
      [0, 0],
      [1, 1],
    ]).bind([3, 4]);
    expect(b.build(Uint8Array.of(1, 0), 1)).toEqual([
      [3, 0],
      [3, 1],
    ]);
    const m = new IndependentMasker([[0, 0]], { format: 'matrix' })
      .bind([3, 4])
      .build(Uint8Array.of(0, 1, 1, 1), 2);
    expect(Array.from(m.data)).toEqual([0, 4, 3, 4]);
    expect(() => new IndependentMasker([[0, 0], [1]])).toThrow(/background\[1\]/);
  });

  it('subsamples to maxSamples without replacement', () => {
    const bg = Array.from({ length: 250 }, (_, i) => [i]);
    const m = new IndependentMasker(bg);
    expect(m.background.rows).toBe(100);
    expect(new Set(m.background.data).size).toBe(100);
  });

  it('Partition: correlation clustering groups correlated columns first', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [
      i,
      2 * i + 1,
      Math.sin(i * 7),
      Math.sin(i * 7) * 3 + 0.01 * i,
    ]);
    const m = new PartitionMasker(rows);
    checkLinkage(m.clustering, 4);
    const firstTwo = m.clustering.slice(0, 2).map((r) => [r[0], r[1]].sort().join());
    expect(firstTwo.sort()).toEqual(['0,1', '2,3']);
  });
});
