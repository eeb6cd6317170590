/**
 * A small YAML emitter that writes block YAML the way PyYAML's `yaml.dump(..., sort_keys=True)`
 * does (the KFP SDK's writer), so that Kite's compiled files look like — and for the KFP golden
 * files are byte-identical to — the SDK's. It covers what a PipelineSpec holds: mappings,
 * sequences, strings, numbers, booleans and null. Style rules, line folding at 80 columns and
 * escapes follow PyYAML's `emitter.py` (`analyze_scalar`, `choose_scalar_style`, `write_plain`,
 * `write_single_quoted`, `write_double_quoted`) with `allow_unicode=False`.
 */
import { pyFloat } from './header.js';
import { analyze, BREAKS, ESCAPES, IMPLICIT } from './pyyaml-scalar.js';

/** Wraps a number that must be written as a Python float (`1.0`), e.g. a protobuf double. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** What {@link dumpPyYaml} can write. */
export type PyYamlValue =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | PyYamlValue[]
  | { [key: string]: PyYamlValue };

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

class Emitter {
  out = '';
  column = 0;
  indent: number | null = null;
  indents: (number | null)[] = [];
  whitespace = true;
  indention = true;

  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent === null) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  popIndent(): void {
    this.indent = this.indents.pop() ?? null;
  }

  write(data: string): void {
    this.out += data;
    this.column += data.length;
  }

  lineBreak(): void {
    this.out += '\n';
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
  }

  writeIndent(): void {
    const indent = this.indent ?? 0;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  indicator(ind: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWhitespace ? ind : ` ${ind}`);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }

  node(value: PyYamlValue, mappingContext: boolean, simpleKey = false): void {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        this.flowEmpty('[', ']');
        return;
      }
      this.increaseIndent(false, mappingContext && !this.indention);
      for (const item of value) {
        this.writeIndent();
        this.indicator('-', true, false, true);
        this.node(item, false);
      }
      this.popIndent();
      return;
    }
    if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
      const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (keys.length === 0) {
        this.flowEmpty('{', '}');
        return;
      }
      this.increaseIndent(false, false);
      for (const key of keys) {
        this.writeIndent();
        this.node(key, true, true);
        this.indicator(':', false);
        this.node(value[key] as PyYamlValue, true);
      }
      this.popIndent();
      return;
    }
    this.increaseIndent(true, false);
    this.scalar(value, simpleKey);
    this.popIndent();
  }

  flowEmpty(open: string, close: string): void {
    this.indicator(open, true, true);
    this.indicator(close, false);
  }

  scalar(value: null | boolean | number | string | PyFloat, simpleKey: boolean): void {
    if (typeof value !== 'string') {
      this.plain(scalarText(value), false);
      return;
    }
    const a = analyze(value);
    const implicit = !IMPLICIT.some((re) => re.test(value));
    if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) {
      this.plain(value, !simpleKey);
      return;
    }
    if (a.allowSingleQuoted && !(simpleKey && a.multiline)) {
      this.singleQuoted(value, !simpleKey);
      return;
    }
    this.doubleQuoted(value, !simpleKey);
  }

  plain(text: string, split: boolean): void {
    if (text === '') return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(text.slice(start, end));
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.write(text.slice(start, end));
        start = end;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
  }

  singleQuoted(text: string, split: boolean): void {
    this.indicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : undefined;
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split && start !== 0 && end !== text.length)
            this.writeIndent();
          else this.write(text.slice(start, end));
          start = end;
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.lineBreak();
          for (const br of text.slice(start, end)) {
            if (br === '\n') this.lineBreak();
            else {
              this.out += br;
              this.whitespace = true;
              this.indention = true;
              this.column = 0;
            }
          }
          this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || ` ${BREAKS}'`.includes(ch)) {
        if (start < end) {
          this.write(text.slice(start, end));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) {
        spaces = ch === ' ';
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  doubleQuoted(text: string, split: boolean): void {
    this.indicator('"', true);
    const chars = [...text];
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? (chars[end] as string) : undefined;
      if (ch === undefined || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !(ch >= ' ' && ch <= '~')) {
        if (start < end) {
          this.write(chars.slice(start, end).join(''));
          start = end;
        }
        if (ch !== undefined) {
          const code = ch.codePointAt(0) ?? 0;
          const esc = ESCAPES[ch];
          const hex = code.toString(16).toUpperCase();
          this.write(
            esc !== undefined
              ? `\\${esc}`
              : code <= 0xff
                ? `\\x${hex.padStart(2, '0')}`
                : code <= 0xffff
                  ? `\\u${hex.padStart(4, '0')}`
                  : `\\U${hex.padStart(8, '0')}`,
          );
          start = end + 1;
        }
      }
      if (
        end > 0 &&
        end < chars.length - 1 &&
        (ch === ' ' || start >= end) &&
        this.column + (end - start) > BEST_WIDTH &&
        split
      ) {
        this.write(`${chars.slice(start, end).join('')}\\`);
        if (start < end) start = end;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === ' ') this.write('\\');
      }
    }
    this.indicator('"', false);
  }
}

function scalarText(value: null | boolean | number | PyFloat): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value).toString();
  const n = value instanceof PyFloat ? value.value : value;
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  const text = pyFloat(n).toLowerCase();
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text;
}

/**
 * Writes YAML documents as PyYAML's `yaml.dump_all(docs, sort_keys=True)` does: block style,
 * sorted keys, sequences not indented under their key, 80-column folding, ASCII-only output.
 */
export function dumpPyYaml(documents: readonly PyYamlValue[]): string {
  const e = new Emitter();
  documents.forEach((doc, i) => {
    if (i > 0) {
      e.writeIndent();
      e.indicator('---', true);
    }
    e.indent = null;
    e.indents = [];
    e.node(doc, false);
    e.writeIndent();
  });
  return e.out;
}
