/**
 * Snapshot names (the contract in the README): `{diskName}-{time}`, or
 * `{prefix}-{h8}-{time}` when the plain name would exceed Azure's 80
 * characters or another disk in scope has the same name in any case. `h8` is
 * the first 8 hex digits of SHA-256 of the lower-cased disk resource id, so it
 * is stable across runs and tells same-name disks apart.
 */
import { createHash } from 'node:crypto';

export const MAX_SNAPSHOT_NAME = 80;

export function diskHash8(diskId: string): string {
  return createHash('sha256').update(diskId.toLowerCase()).digest('hex').slice(0, 8);
}

export interface NamedDisk {
  readonly id: string;
  readonly name: string;
}

/** Lower-cased ids of the disks whose name (any case) another disk in scope shares. */
export function disksWithSharedNames(disks: readonly NamedDisk[]): Set<string> {
  const byName = new Map<string, Set<string>>();
  for (const disk of disks) {
    const ids = byName.get(disk.name.toLowerCase()) ?? new Set<string>();
    ids.add(disk.id.toLowerCase());
    byName.set(disk.name.toLowerCase(), ids);
  }
  const shared = new Set<string>();
  for (const ids of byName.values()) if (ids.size > 1) for (const id of ids) shared.add(id);
  return shared;
}

export function snapshotName(disk: NamedDisk, timeLabel: string, nameIsShared: boolean): string {
  const plain = `${disk.name}-${timeLabel}`;
  if (!nameIsShared && plain.length <= MAX_SNAPSHOT_NAME) return plain;
  const suffix = `-${diskHash8(disk.id)}-${timeLabel}`;
  return `${disk.name.slice(0, MAX_SNAPSHOT_NAME - suffix.length)}${suffix}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Absolute expiry, fixed when the snapshot is made: the slot's instant plus the retention in days. */
export function expiryOf(slotUtc: Date, retentionDays: number): Date {
  return new Date(slotUtc.getTime() + retentionDays * DAY_MS);
}
