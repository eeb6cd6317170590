import { randomBytes } from 'node:crypto';

/**
 * A new run id: UTC time to the second, then 8 random hex digits, e.g.
 * `20261127-133303-a1b2c3d4`. Ids sort by creation time and are safe as a path segment.
 */
export function newRunId(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `-${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}
