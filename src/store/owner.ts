/**
 * Who owns a live run or experiment, and whether that owner is still alive. A process on this
 * host is checked with signal 0; on another host only the heartbeat can tell.
 */
import { hostname } from 'node:os';
import type { Owner } from './types.js';

/** This process as an owner. */
export function currentOwner(): Owner {
  return { pid: process.pid, host: hostname() };
}

/** True when `pid` names a live process on this host (signal 0 probes without killing). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Default age after which a heartbeat counts as stale. */
export const DEFAULT_STALE_MS = 60_000;

/**
 * True when an owned thing should be treated as abandoned: no owner, an owner on this host whose
 * process is gone, or a heartbeat older than `staleMs`.
 */
export function isOwnerDead(
  owner: Owner | null,
  heartbeatAt: number | null,
  staleMs: number = DEFAULT_STALE_MS,
  now: number = Date.now(),
): boolean {
  if (owner === null) return true;
  const self = currentOwner();
  if (owner.host === self.host && !isProcessAlive(owner.pid)) return true;
  return heartbeatAt === null || now - heartbeatAt > staleMs;
}

/** True when `owner` is this very process. */
export function isSelf(owner: Owner | null): boolean {
  if (owner === null) return false;
  const self = currentOwner();
  return owner.pid === self.pid && owner.host === self.host;
}
