/**
 * Run parameters from the command line (`--param epochs=10`), typed by the pipeline's declared
 * root inputs so that KFP receives numbers as numbers and lists as lists. Also durations
 * (`--timeout 1h30m`).
 */
import { type Issue, KiteError } from '../core/index.js';

function typed(name: string, raw: string, type: string): { value?: unknown; issue?: string } {
  switch (type) {
    case 'NUMBER_INTEGER':
      return /^[-+]?\d+$/.test(raw.trim()) && Number.isSafeInteger(Number(raw))
        ? { value: Number(raw) }
        : { issue: `'${raw}' is not an integer` };
    case 'NUMBER_DOUBLE':
      return raw.trim() !== '' && Number.isFinite(Number(raw))
        ? { value: Number(raw) }
        : { issue: `'${raw}' is not a number` };
    case 'BOOLEAN':
      if (/^(true|1)$/i.test(raw)) return { value: true };
      if (/^(false|0)$/i.test(raw)) return { value: false };
      return { issue: `'${raw}' is not true or false` };
    case 'LIST':
    case 'STRUCT': {
      try {
        const v = JSON.parse(raw) as unknown;
        const ok =
          type === 'LIST' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v);
        return ok ? { value: v } : { issue: `expected a JSON ${type === 'LIST' ? 'array' : 'object'}` };
      } catch {
        return { issue: `'${raw}' is not JSON (${name} is a ${type})` };
      }
    }
    default:
      return { value: raw };
  }
}

/**
 * Parses `name=value` pairs against the declared inputs (name → KFP parameterType) and
 * throws one `KiteError('INVALID_ARGUMENT')` listing every problem.
 *
 * @example
 * ```ts
 * parseParams(['epochs=3', 'lr=0.01'], { epochs: 'NUMBER_INTEGER', lr: 'NUMBER_DOUBLE' });
 * // { epochs: 3, lr: 0.01 }
 * ```
 */
export function parseParams(
  pairs: readonly string[],
  declared: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const issues: Issue[] = [];
  const known = Object.keys(declared);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      issues.push({
        code: 'PARAM_SYNTAX',
        path: `--param ${pair}`,
        message: 'write name=value',
        severity: 'error',
      });
      continue;
    }
    const name = pair.slice(0, eq);
    const type = declared[name];
    if (type === undefined) {
      const list = known.length > 0 ? known.join(', ') : 'none';
      issues.push({
        code: 'PARAM_UNKNOWN',
        path: `--param ${name}`,
        message: `the pipeline has no input '${name}' (inputs: ${list})`,
        severity: 'error',
      });
      continue;
    }
    const r = typed(name, pair.slice(eq + 1), type);
    if (r.issue)
      issues.push({
        code: 'PARAM_TYPE',
        path: `--param ${name}`,
        message: `${r.issue} (${type})`,
        severity: 'error',
      });
    else out[name] = r.value;
  }
  if (issues.length > 0)
    throw new KiteError('INVALID_ARGUMENT', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), {
      issues,
    });
  return out;
}

/**
 * `90s`, `15m`, `1h30m`, `2d`, or plain seconds → milliseconds. Throws
 * `KiteError('INVALID_ARGUMENT')` for anything else.
 */
export function parseDuration(text: string, what = 'duration'): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let rest = t;
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/;
  while (rest !== '') {
    const m = part.exec(rest);
    if (!m)
      throw new KiteError('INVALID_ARGUMENT', `${what} '${text}' is not a duration`, {
        hint: "e.g. '90s', '15m', '1h30m'",
      });
    total += Number(m[1]) * (unit[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  if (t === '') throw new KiteError('INVALID_ARGUMENT', `${what} is empty`);
  return total;
}
