import { describe, expect, it } from 'vitest';
import { checkCron, toKfpCron } from './cron.js';

describe('toKfpCron', () => {
  it('adds the seconds field to 5-field expressions and keeps 6-field ones and descriptors', () => {
    expect(toKfpCron('30 2 * * *')).toBe('0 30 2 * * *');
    expect(toKfpCron('*/15  *  * * MON-FRI')).toBe('0 */15 * * * MON-FRI');
    expect(toKfpCron('0 0 2 * * *')).toBe('0 0 2 * * *');
    expect(toKfpCron('@daily')).toBe('@daily');
    expect(toKfpCron('@every 1h30m')).toBe('@every 1h30m');
    expect(toKfpCron('0 9 1,15 JAN-JUN ?')).toBe('0 0 9 1,15 JAN-JUN ?');
  });

  it('reports every bad field at once', () => {
    const issues = checkCron('61 25 0 13 8');
    expect(issues.map((i) => i.path)).toEqual([
      'cron.minutes',
      'cron.hours',
      'cron.day of month',
      'cron.month',
      'cron.day of week',
    ]);
    expect(() => toKfpCron('* * *')).toThrow(/3 fields; write 5/);
    expect(() => toKfpCron('@sometimes')).toThrow(/unknown descriptor/);
    expect(checkCron('*/0 * * * *')[0]?.message).toContain('step');
    expect(checkCron('5-1 * * * *')[0]?.message).toContain('backwards');
  });
});
