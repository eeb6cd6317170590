// biome-ignore-all lint/suspicious/noTemplateCurlyInString: SodaCL writes variables as ${VAR}
import { describe, expect, it } from 'vitest';
import {
  conditionZone,
  inverseZone,
  parseDuration,
  parseThreshold,
  parseWhen,
  type ResolvedThreshold,
  resolveThreshold,
  zoneContains,
} from './threshold.js';

const resolved = (text: string, vars: Record<string, string> = {}): ResolvedThreshold => {
  const t = parseThreshold(text);
  if (!t) throw new TypeError(`cannot parse ${text}`);
  const r = resolveThreshold(t, (n) => vars[n]);
  if (typeof r === 'string') throw new TypeError(r);
  return r;
};
const passes = (text: string, value: number): boolean => !zoneContains(inverseZone(resolved(text)), value);

describe('threshold grammar', () => {
  it('reads comparators, signed numbers and decorative percent signs', () => {
    expect(parseThreshold('< 5%')).toEqual({ kind: 'compare', op: '<', value: { kind: 'number', value: 5 } });
    expect(parseThreshold('<> -1.5')).toEqual({
      kind: 'compare',
      op: '!=',
      value: { kind: 'number', value: -1.5 },
    });
    expect(parseThreshold('< 35 %')?.kind).toBe('compare');
    expect(parseThreshold('>  5')).toBeUndefined(); // two spaces: invalid, as in SodaCL
  });

  it('reads between with brackets (inclusive by default)', () => {
    expect(parseThreshold('between (10 and 15')).toMatchObject({
      kind: 'between',
      negated: false,
      lowerInclusive: false,
      upperInclusive: true,
    });
    expect(parseThreshold('not between [5 and 11)')).toMatchObject({ negated: true, upperInclusive: false });
  });

  it('evaluates inline thresholds as the PASS condition (T002)', () => {
    for (const t of [
      '< 10',
      '> 10',
      '<= 9',
      '>= 11',
      'between 11 and 15',
      'between 5 and 9]',
      'between (10 and 15',
      'between 5 and 10)',
      'not between [10 and 15',
      'not between [5 and 10]',
      'not between (9 and 15]',
      'not between [5 and 11)',
    ]) {
      expect(passes(t, 10), t).toBe(false);
    }
    expect(passes('= 10', 10)).toBe(true);
    expect(passes('!= 10', 10)).toBe(false);
    expect(passes('between 10 and 10', 10)).toBe(true);
  });

  it('uses warn/fail conditions directly, as zones', () => {
    const zone = conditionZone(
      resolveThreshold(parseWhen('when not between (19 and 25]')!, () => undefined) as ResolvedThreshold,
    );
    expect(zone).toEqual({ lessThanOrEqual: 19, greaterThan: 25, split: true });
    expect(zoneContains(zone, 10)).toBe(true);
    expect(zoneContains(zone, 20)).toBe(false);
    expect(parseWhen('> 5')).toBeUndefined();
  });

  it('gives the fail zone of "= 0" as Soda does', () => {
    expect(inverseZone(resolved('= 0'))).toEqual({ greaterThan: 0, lessThan: 0, split: true });
  });

  it('resolves variables, durations and reports bad values', () => {
    expect(resolved('between ${lo} and ${hi}', { lo: '9', hi: '11' })).toMatchObject({ lower: 9, upper: 11 });
    expect(resolved('< ${t}', { t: '1h' })).toEqual({ kind: 'compare', op: '<', value: 3_600_000 });
    expect(resolveThreshold(parseThreshold('< ${x}')!, () => undefined)).toBe('variable not found: ${x}');
    expect(resolveThreshold(parseThreshold('between 5 and 1')!, () => undefined)).toContain('lower bound');
    expect(parseDuration('1d1h')).toBe(90_000_000);
    expect(parseDuration('24h10m')).toBe(87_000_000);
    expect(parseDuration('30s')).toBeUndefined();
  });
});
