/**
 * A word-level tokenizer and a vocabulary built from training texts: lower-casing, an
 * out-of-vocabulary token, maximum length with padding and truncation. The vocabulary is
 * plain JSON, saved beside the model so that prediction encodes text the same way.
 */
import { type Issue, KiteError } from '../core/index.js';

/** Index of the padding token. */
export const PAD_ID = 0;
/** Index of the out-of-vocabulary token. */
export const OOV_ID = 1;
const SPECIALS = ['<pad>', '<oov>'] as const;

/**
 * Splits text into words, numbers and single punctuation marks; contractions keep their
 * apostrophe part (`"don't"` → `don`, `'t`) as SST-2's own tokenisation does.
 */
export function tokenize(text: string, lowercase = true): string[] {
  const t = lowercase ? text.toLowerCase() : text;
  return t.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*|'[\p{L}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

export interface Vocabulary {
  format: 'kite.vocabulary';
  version: 1;
  lowercase: boolean;
  /** Tokens, index = id; `tokens[0]` is `<pad>`, `tokens[1]` is `<oov>`. */
  tokens: string[];
}

export interface BuildVocabularyOptions {
  /** Default true. */
  lowercase?: boolean;
  /** Keep tokens seen at least this often; default 1. */
  minCount?: number;
  /** At most this many tokens including the two special ones. */
  maxSize?: number;
}

/**
 * Builds a vocabulary from training texts, most frequent first (ties alphabetical, so the
 * result does not depend on the order of the texts).
 *
 * @example
 * ```ts
 * const vocab = buildVocabulary(train.examples.map((e) => e.text), { minCount: 2 });
 * const ids = encodeText(vocab, 'a charming journey', { maxLength: 50 });
 * ```
 */
export function buildVocabulary(texts: Iterable<string>, options: BuildVocabularyOptions = {}): Vocabulary {
  const lowercase = options.lowercase ?? true;
  const counts = new Map<string, number>();
  for (const text of texts)
    for (const tok of tokenize(text, lowercase)) counts.set(tok, (counts.get(tok) ?? 0) + 1);
  const minCount = options.minCount ?? 1;
  const words = [...counts]
    .filter(([tok, c]) => c >= minCount && !(SPECIALS as readonly string[]).includes(tok))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([tok]) => tok);
  const limit = options.maxSize === undefined ? words.length : Math.max(0, options.maxSize - SPECIALS.length);
  return {
    format: 'kite.vocabulary',
    version: 1,
    lowercase,
    tokens: [...SPECIALS, ...words.slice(0, limit)],
  };
}

export interface EncodeOptions {
  maxLength: number;
  /** Where padding goes: `'post'` (default) or `'pre'`. */
  padding?: 'post' | 'pre';
  /** Which end is cut when too long: `'post'` (default) or `'pre'`. */
  truncation?: 'post' | 'pre';
}

const indexCache = new WeakMap<Vocabulary, Map<string, number>>();

function indexOf(vocab: Vocabulary): Map<string, number> {
  let m = indexCache.get(vocab);
  if (!m) {
    m = new Map(vocab.tokens.map((t, i) => [t, i]));
    indexCache.set(vocab, m);
  }
  return m;
}

/** Token ids of `text`, padded / truncated to `maxLength`. */
export function encodeText(vocab: Vocabulary, text: string, options: EncodeOptions): Int32Array {
  const index = indexOf(vocab);
  let ids = tokenize(text, vocab.lowercase).map((t) => index.get(t) ?? OOV_ID);
  if (ids.length > options.maxLength) {
    ids =
      options.truncation === 'pre'
        ? ids.slice(ids.length - options.maxLength)
        : ids.slice(0, options.maxLength);
  }
  const out = new Int32Array(options.maxLength); // zero-filled = PAD_ID
  out.set(ids, options.padding === 'pre' ? options.maxLength - ids.length : 0);
  return out;
}

/** Encodes many texts into one `[n, maxLength]` buffer (row-major). */
export function encodeTexts(vocab: Vocabulary, texts: readonly string[], options: EncodeOptions): Int32Array {
  const out = new Int32Array(texts.length * options.maxLength);
  texts.forEach((t, i) => {
    out.set(encodeText(vocab, t, options), i * options.maxLength);
  });
  return out;
}

/** Validates a vocabulary read back from JSON (e.g. saved with a model). */
export function parseVocabulary(value: unknown, where: string): Vocabulary {
  const issues: Issue[] = [];
  const v = value as Partial<Vocabulary> | null;
  if (v === null || typeof v !== 'object') {
    issues.push({ code: 'not-object', path: where, message: 'a vocabulary is a JSON object' });
  } else {
    if (v.format !== 'kite.vocabulary')
      issues.push({ code: 'format', path: `${where}.format`, message: "expected 'kite.vocabulary'" });
    if (v.version !== 1)
      issues.push({
        code: 'version',
        path: `${where}.version`,
        message: `unsupported version ${String(v.version)}`,
      });
    if (typeof v.lowercase !== 'boolean')
      issues.push({ code: 'lowercase', path: `${where}.lowercase`, message: 'expected a boolean' });
    if (!Array.isArray(v.tokens) || v.tokens.some((t) => typeof t !== 'string')) {
      issues.push({ code: 'tokens', path: `${where}.tokens`, message: 'expected an array of strings' });
    } else if (v.tokens[0] !== SPECIALS[0] || v.tokens[1] !== SPECIALS[1]) {
      issues.push({ code: 'tokens', path: `${where}.tokens`, message: "must start with '<pad>', '<oov>'" });
    }
  }
  if (issues.length > 0) throw new KiteError('INVALID_DATA', `${where}: not a Kite vocabulary`, { issues });
  return v as Vocabulary;
}
