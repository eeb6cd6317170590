/**
 * Text masker (shap's `maskers.Text`): features are tokens; a hidden token becomes the mask
 * token (" " + mask, collapsed to one per run when `collapseMaskToken`), and the pieces are
 * joined, whitespace-collapsed and trimmed. Segments run from a token's start to the next
 * token's start, so they carry trailing whitespace. `outputType: 'tokenIds'` gives id arrays.
 */
import { KiteError } from '../../core/index.js';
import type { BoundMasker, Masker } from '../masker.js';
import { textPartitionTree } from './text-tree.js';

/** A tokenizer: tokens with character offsets into the input (and ids for id output). */
export interface Tokenizer {
  tokenize(s: string): { tokens: string[]; offsets: (readonly [number, number])[]; ids?: number[] };
  /** The tokenizer's own mask token (e.g. "[MASK]"); used by default without collapsing. */
  readonly maskToken?: string;
  readonly maskTokenId?: number;
  /** Leading/trailing special tokens always kept (e.g. [CLS] / [SEP]). */
  readonly keepPrefix?: number;
  readonly keepSuffix?: number;
  /** Separator tokens merged last in the hierarchy. */
  readonly specialTokens?: readonly string[];
}

/** shap's default tokenizer: split on a regex of separators (default `\W+`), with offsets. */
export function simpleTokenizer(split: RegExp = /\W+/g): Tokenizer {
  const re = new RegExp(split.source, split.flags.includes('g') ? split.flags : `${split.flags}g`);
  return {
    tokenize(s) {
      const tokens: string[] = [];
      const offsets: [number, number][] = [];
      let pos = 0;
      for (const m of s.matchAll(re)) {
        const start = m.index ?? 0;
        if (start > pos) {
          tokens.push(s.slice(pos, start));
          offsets.push([pos, start]);
        }
        pos = start + m[0].length;
      }
      if (pos < s.length) {
        tokens.push(s.slice(pos));
        offsets.push([pos, s.length]);
      }
      return { tokens, offsets };
    },
  };
}

/** Options of {@link TextMasker}. */
export interface TextMaskerOptions<O extends 'string' | 'tokenIds' = 'string'> {
  tokenizer?: Tokenizer;
  /** Mask token; default the tokenizer's, else "...". */
  maskToken?: string;
  /** Write one mask token per run of hidden tokens; `'auto'`: true unless the tokenizer's mask token is used. */
  collapseMaskToken?: boolean | 'auto';
  outputType?: O;
}

/**
 * Masks tokens of strings.
 *
 * @example
 * ```ts
 * const masker = new TextMasker();
 * masker.bind('This is a test').build(Uint8Array.of(1, 1, 0, 0), 1); // ['This is ...']
 * ```
 */
export class TextMasker<O extends 'string' | 'tokenIds' = 'string'>
  implements Masker<string, O extends 'tokenIds' ? number[][] : string[]>
{
  readonly kind = 'text' as const;
  readonly hasClustering = true;
  readonly defaultBatchSize = 5;
  readonly fixedBackground: boolean;
  readonly tokenizer: Tokenizer;
  readonly maskToken: string;
  readonly collapse: boolean;
  readonly outputType: O;

  constructor(options: TextMaskerOptions<O> = {}) {
    this.tokenizer = options.tokenizer ?? simpleTokenizer();
    const own = this.tokenizer.maskToken;
    this.maskToken = options.maskToken ?? own ?? '...';
    const c = options.collapseMaskToken ?? 'auto';
    this.collapse = c === 'auto' ? !(own !== undefined && options.maskToken === undefined) : c;
    this.outputType = (options.outputType ?? 'string') as O;
    if (this.outputType !== 'string' && this.outputType !== 'tokenIds') {
      throw new KiteError(
        'INVALID_ARGUMENT',
        `outputType must be 'string' or 'tokenIds', got ${String(this.outputType)}`,
      );
    }
    this.fixedBackground = this.collapse && this.outputType === 'string';
  }

  bind(s: string): BoundMasker<O extends 'tokenIds' ? number[][] : string[]> {
    if (typeof s !== 'string')
      throw new KiteError('INVALID_ARGUMENT', `the text masker explains strings, got ${typeof s}`);
    const { tokens, offsets, ids } = this.tokenizer.tokenize(s);
    const M = tokens.length;
    if (this.outputType === 'tokenIds' && (!ids || ids.length !== M)) {
      throw new KiteError('INVALID_ARGUMENT', "outputType 'tokenIds' needs a tokenizer that returns ids");
    }
    const segments = offsets.map(([start, end], i) => {
      const next = offsets[i + 1];
      return i + 1 < M && next ? s.slice(start, Math.max(end, next[0])) : s.slice(start, end);
    });
    const pre = this.tokenizer.keepPrefix ?? 0;
    const suf = this.tokenizer.keepSuffix ?? 0;
    const kept = (i: number) => i < pre || i >= M - suf;
    const maskSeg = ` ${this.maskToken}`;
    const build = (masks: Uint8Array, count: number) => {
      const out: (string | number[])[] = [];
      for (let k = 0; k < count; k++) {
        if (this.outputType === 'tokenIds') {
          const row: number[] = [];
          for (let i = 0; i < M; i++) {
            if (masks[k * M + i] || kept(i)) row.push((ids as number[])[i] as number);
            else if (this.tokenizer.maskTokenId !== undefined) row.push(this.tokenizer.maskTokenId);
          }
          out.push(row);
          continue;
        }
        let text = '';
        let prevMasked = false;
        for (let i = 0; i < M; i++) {
          if (masks[k * M + i] || kept(i)) {
            text += segments[i];
            prevMasked = false;
          } else if (!this.collapse || !prevMasked) {
            text += maskSeg;
            prevMasked = true;
          }
        }
        out.push(text.replace(/\s+/g, ' ').trim());
      }
      return out as O extends 'tokenIds' ? number[][] : string[];
    };
    return {
      size: M,
      rowsPerMask: 1,
      weights: undefined,
      build,
      varying: () => Array.from({ length: M }, (_, i) => i).filter((i) => !kept(i)),
      data: segments,
      featureNames: tokens,
      clustering: textPartitionTree(tokens, this.tokenizer.specialTokens),
    };
  }
}
