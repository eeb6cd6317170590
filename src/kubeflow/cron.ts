/**
 * Cron expressions for KFP recurring runs. KFP parses `cron_schedule.cron` with
 * robfig/cron v1 `cron.Parse`: six fields, seconds first (`0 30 2 * * *`), or a descriptor
 * (`@daily`, `@every 1h30m`). People write the usual five fields (`30 2 * * *`), so Kite
 * accepts both and sends six.
 */
import { type Issue, KiteError } from '../core/index.js';

const FIELDS = [
  { name: 'seconds', min: 0, max: 59 },
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
] as const;

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

function value(text: string, field: (typeof FIELDS)[number]): number | undefined {
  const names = 'names' in field ? (field.names as readonly string[]) : [];
  const byName = names.indexOf(text.toUpperCase());
  if (byName >= 0) return byName + field.min;
  if (!/^\d+$/.test(text)) return undefined;
  return Number(text);
}

function checkField(text: string, field: (typeof FIELDS)[number], path: string): Issue[] {
  const issues: Issue[] = [];
  const bad = (message: string): void => {
    issues.push({
      code: 'CRON_FIELD',
      path,
      message: `${field.name} '${text}': ${message}`,
      severity: 'error',
    });
  };
  for (const part of text.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || range === undefined || range === '') {
      bad(`'${part}' is not a value, range or step`);
      continue;
    }
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0))
      bad(`step '${step}' must be a positive number`);
    if (range === '*' || range === '?') continue;
    const ends = range.split('-');
    if (ends.length > 2) {
      bad(`'${range}' is not a range`);
      continue;
    }
    const nums = ends.map((e) => value(e, field));
    if (nums.some((n) => n === undefined || n < field.min || n > field.max)) {
      bad(`values must lie in ${field.min}–${field.max}`);
      continue;
    }
    if (nums.length === 2 && (nums[0] as number) > (nums[1] as number))
      bad(`range '${range}' runs backwards`);
  }
  return issues;
}

/** Validates a cron expression as KFP would read it after {@link toKfpCron}; all findings. */
export function checkCron(expression: string): Issue[] {
  const text = expression.trim();
  if (text.startsWith('@')) {
    if (DESCRIPTORS.includes(text)) return [];
    const every = /^@every\s+((\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/.exec(text);
    if (every) return [];
    return [
      {
        code: 'CRON_DESCRIPTOR',
        path: 'cron',
        message: `unknown descriptor '${text}'; use ${DESCRIPTORS.join(', ')} or '@every 1h30m'`,
        severity: 'error',
      },
    ];
  }
  const parts = text.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6)
    return [
      {
        code: 'CRON_FIELDS',
        path: 'cron',
        message: `'${text}' has ${parts.length} fields; write 5 (minute hour day month weekday) or 6 (seconds first)`,
        severity: 'error',
      },
    ];
  const six = parts.length === 5 ? ['0', ...parts] : parts;
  return six.flatMap((p, i) =>
    checkField(p, FIELDS[i] as (typeof FIELDS)[number], `cron.${FIELDS[i]?.name}`),
  );
}

/**
 * The 6-field form KFP wants: a 5-field expression gets second `0` in front; 6-field
 * expressions and descriptors are kept. Throws `KiteError('INVALID_ARGUMENT')` listing every
 * problem of an invalid expression.
 *
 * @example
 * ```ts
 * toKfpCron('30 2 * * *'); // '0 30 2 * * *'
 * ```
 */
export function toKfpCron(expression: string): string {
  const issues = checkCron(expression);
  if (issues.length > 0)
    throw new KiteError(
      'INVALID_ARGUMENT',
      `invalid cron '${expression}': ${issues.map((i) => i.message).join('; ')}`,
      {
        issues,
        hint: "e.g. '0 2 * * *' (daily at 02:00), '*/15 * * * *', '@hourly'",
      },
    );
  const text = expression.trim().replace(/\s+/g, ' ');
  return !text.startsWith('@') && text.split(' ').length === 5 ? `0 ${text}` : text;
}
