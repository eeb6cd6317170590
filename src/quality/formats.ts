/**
 * The 41 built-in SodaCL formats, with the exact regexes of soda-core v3
 * (`FormatHelper.build_default_formats` in `soda/core/soda/execution/data_source.py`),
 * quirks included (e.g. `credit card number` only anchors its first and last alternatives).
 */

const S = ' *';
const DEC = String.raw`(\d+([\.,]\d+)?|([\.,]\d+))`;
const DEC_POINT = String.raw`(\d+(\.\d+)?|(\.\d+))`;
const DEC_COMMA = String.raw`(\d+(,\d+)?|(,\d+))`;
const ZERO = String.raw`(0+([\.,]0+)?|([\.,]0+))`;
const ZERO_POINT = String.raw`(0+(\.0+)?|(\.0+))`;
const ZERO_COMMA = `(0+(,0+)?|(,0+))`;
const DAY = '(0?[1-9]|[12][0-9]|3[01])';
const MONTH = '(0?[1-9]|1[012])';
const YEAR = String.raw`([12][0-9])?\d\d`;
const SEP = String.raw`[-\./]`;
const H24 = String.raw`(0?[0-9]|[01]\d|2[0-3])`;
const H12 = '(0?[0-9]|1[0-2])';
const M60 = '[0-5]?[0-9]';
const FRACTION = String.raw`([.,]\d+)?`;
const HEX = '[0-9a-fA-F]';
const IPV6 =
  '(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))';
const LETTERS = 'a-zA-ZÀ-ÿĀ-ſƀ-ȳ';

/** Built-in format name → regex (as matched by the SQL engine, partial-match semantics). */
export const FORMATS: Readonly<Record<string, string>> = {
  integer: `^${S}[-+]?${S}[0-9]+${S}$`,
  'positive integer': String.raw`^${S}\+?${S}[0-9]+${S}$`,
  'negative integer': String.raw`^${S}(\-${S}[0-9]+|0+)${S}$`,
  decimal: `^${S}[-+]?${S}${DEC}${S}$`,
  'positive decimal': String.raw`^${S}\+?${S}${DEC}${S}$`,
  'negative decimal': String.raw`^${S}(\-${S}${DEC}|${ZERO})${S}$`,
  'decimal point': `^${S}[-+]?${S}${DEC_POINT}${S}$`,
  'positive decimal point': String.raw`^${S}\+?${S}${DEC_POINT}${S}$`,
  'negative decimal point': String.raw`^${S}(\-${S}${DEC_POINT}|${ZERO_POINT})${S}$`,
  'decimal comma': `^${S}[-+]?${S}${DEC_COMMA}${S}$`,
  'positive decimal comma': String.raw`^${S}\+?${S}${DEC_COMMA}${S}$`,
  'negative decimal comma': String.raw`^${S}(\-${S}${DEC_COMMA}|${ZERO_COMMA})${S}$`,
  percentage: `^${S}[-+]?${S}${DEC}${S}%${S}$`,
  'positive percentage': String.raw`^${S}\+?${S}${DEC}${S}%${S}$`,
  'negative percentage': String.raw`^${S}(\-${S}${DEC}|${ZERO})${S}%${S}$`,
  'percentage point': `^${S}[-+]?${S}${DEC_POINT}${S}%${S}$`,
  'positive percentage point': String.raw`^${S}\+?${S}${DEC_POINT}${S}%${S}$`,
  'negative percentage point': String.raw`^${S}(\-${S}${DEC_POINT}|${ZERO_POINT})${S}%${S}$`,
  'percentage comma': `^${S}[-+]?${S}${DEC_COMMA}${S}%${S}$`,
  'positive percentage comma': String.raw`^${S}\+?${S}${DEC_COMMA}${S}%${S}$`,
  'negative percentage comma': String.raw`^${S}(\-${S}${DEC_COMMA}|${ZERO_COMMA})${S}%${S}$`,
  money: `^${S}[-+]?${S}${DEC}${S}([A-Z]{3}|[a-z]{3})${S}$`,
  'money point': String.raw`^${S}[-+]?${S}\d{1,3}(\,\d\d\d)*(.\d+)?${S}([A-Z]{3}|[a-z]{3})${S}$`,
  'money comma': String.raw`^${S}[-+]?${S}\d{1,3}(\.\d\d\d)*(,\d+)?${S}([A-Z]{3}|[a-z]{3})${S}$`,
  'date us': `^${S}${MONTH}${SEP}${DAY}${SEP}${YEAR}${S}$`,
  'date eu': `^${S}${DAY}${SEP}${MONTH}${SEP}${YEAR}${S}$`,
  'date inverse': `^${S}${YEAR}${SEP}${MONTH}${SEP}${DAY}${S}$`,
  'date iso 8601': String.raw`^${S}[12][0-9]{3}-?((0[1-9]|1[012])-?(0[1-9]|[12][0-9]|3[01])|W[0-5]\d(-?[1-7])?|[0-3]\d\d)([ T]${H24}(:?[0-5][0-9](:?[0-5][0-9]([.,]\d+)?)?)?([+-]${H24}:?[0-5][0-9]|Z)?)?${S}$`,
  'time 24h': `^${S}${H24}:${M60}(:${M60}${FRACTION})?${S}$`,
  'time 24h nosec': `^${S}${H24}:${M60}${S}$`,
  'time 12h': `^${S}${H12}:${M60}(:${M60}${FRACTION})?${S}$`,
  'time 12h nosec': `^${S}${H12}:${M60}${S}$`,
  'timestamp 24h': `^${S}${H24}:${M60}:${M60}${FRACTION}${S}$`,
  'timestamp 12h': `^${S}${H12}:${M60}:${M60}${FRACTION}${S}$`,
  uuid: String.raw`^${HEX}{8}\-${HEX}{4}\-${HEX}{4}\-${HEX}{4}\-${HEX}{12}$`,
  'ip address': String.raw`^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`,
  'ipv4 address': String.raw`^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`,
  'ipv6 address': `^${IPV6}$`,
  email: String.raw`^[${LETTERS}0-9.\-_%+]+@[${LETTERS}0-9.\-_%]+\.[A-Za-z]{2,4}$`,
  'phone number': String.raw`^((\+[0-9]{1,2}\s)?\(?[0-9]{3}\)?[\s.-])?[0-9]{3}[\s.-][0-9]{4}$`,
  'credit card number': `^[0-9]{14}|[0-9]{15}|[0-9]{16}|[0-9]{17}|[0-9]{18}|[0-9]{19}|([0-9]{4}-){3}[0-9]{4}|([0-9]{4} ){3}[0-9]{4}$`,
};

/** Formats whose values are numbers written as text: numeric aggregates cast them (format_cfg.py). */
export const NUMERIC_FORMATS: ReadonlySet<string> = new Set(
  Object.keys(FORMATS).filter((f) => /integer|decimal|percentage|money/.test(f)),
);
