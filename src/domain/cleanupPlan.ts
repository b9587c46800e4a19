/**
 * Which snapshots a cleanup deletes. Pure: `now` is a parameter.
 * - Only ours (the marker tag) in a backup resource group, and only when the
 *   absolute expiry written on the snapshot has passed — never by matching one
 *   date, so a cleanup after missed days catches up at once.
 * - Minimum keep: the newest N complete snapshots of a disk that still exists
 *   (same id and uniqueId) are kept even past expiry, so a disk whose backups
 *   have been failing never drops to zero. A snapshot still copying is not yet a
 *   backup and does not count. When the disk is gone, retention applies normally.
 */
import { expiryOf, isOurs, MARKER_TAG, SNAPSHOT_TAGS } from './snapshotTags';

export interface OurSnapshot {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly sourceResourceId: string;
  readonly sourceUniqueId: string;
  /** ISO. */
  readonly timeCreated: string;
  readonly provisioningState: string;
  readonly completionPercent?: number;
  readonly incremental?: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/** What the deletes of an expired snapshot need of it: not its state or creation, which the plan used. */
export type DeletionTarget = Pick<
  OurSnapshot,
  'id' | 'name' | 'subscriptionId' | 'resourceGroup' | 'location' | 'sourceResourceId' | 'tags'
>;

const TAGS_CLEANUP_READS = new Set(
  [MARKER_TAG, SNAPSHOT_TAGS.expiresOn, SNAPSHOT_TAGS.slot, SNAPSHOT_TAGS.catalogPartition].map((name) =>
    name.toLowerCase(),
  ),
);

/**
 * A snapshot's tags narrowed to those cleanup reads (marker, expiry, slot,
 * catalog partition; any case of their names): the inventory and the
 * subscriptions' inputs travel through orchestration histories.
 */
export function tagsCleanupReads(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags).filter(([name]) => TAGS_CLEANUP_READS.has(name.toLowerCase())),
  );
}

export interface LiveDisk {
  readonly id: string;
  readonly uniqueId: string;
}

export type KeepReason =
  'minimum-keep' | 'not-ours' | 'outside-backup-group' | 'not-expired' | 'unreadable-expiry';

export interface CleanupPlan {
  readonly toDelete: readonly OurSnapshot[];
  readonly kept: readonly { readonly snapshot: OurSnapshot; readonly reason: KeepReason }[];
}

export function isComplete(snapshot: OurSnapshot): boolean {
  return (
    snapshot.provisioningState === 'Succeeded' &&
    (snapshot.completionPercent === undefined || snapshot.completionPercent >= 100)
  );
}

const diskKey = (id: string, uniqueId: string) => `${id.toLowerCase()}|${uniqueId}`;

/**
 * `candidates`: snapshots found expired; `siblings`: every snapshot of ours of
 * the same disks (expired or not); `liveDisks`: which of those disks exist.
 */
export function planCleanup(
  candidates: readonly OurSnapshot[],
  siblings: readonly OurSnapshot[],
  liveDisks: readonly LiveDisk[],
  options: { readonly now: Date; readonly minimumKeep: number; readonly backupResourceGroup: string },
): CleanupPlan {
  const live = new Set(liveDisks.map((disk) => diskKey(disk.id, disk.uniqueId)));
  const protectedIds = new Set<string>();
  const byDisk = new Map<string, Map<string, OurSnapshot>>();
  for (const snapshot of [...siblings, ...candidates]) {
    const key = diskKey(snapshot.sourceResourceId, snapshot.sourceUniqueId);
    const list = byDisk.get(key) ?? new Map<string, OurSnapshot>();
    list.set(snapshot.id.toLowerCase(), snapshot);
    byDisk.set(key, list);
  }
  for (const [key, snapshots] of byDisk) {
    if (!live.has(key)) continue;
    const newest = [...snapshots.values()]
      .filter(isComplete)
      .sort((a, b) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated))
      .slice(0, options.minimumKeep);
    for (const snapshot of newest) protectedIds.add(snapshot.id.toLowerCase());
  }

  const toDelete: OurSnapshot[] = [];
  const kept: { snapshot: OurSnapshot; reason: KeepReason }[] = [];
  const seen = new Set<string>();
  for (const snapshot of candidates) {
    if (seen.has(snapshot.id.toLowerCase())) continue;
    seen.add(snapshot.id.toLowerCase());
    const expiry = expiryOf(snapshot.tags);
    const reason: KeepReason | undefined = !isOurs(snapshot.tags)
      ? 'not-ours'
      : snapshot.resourceGroup.toLowerCase() !== options.backupResourceGroup.toLowerCase()
        ? 'outside-backup-group'
        : expiry === undefined
          ? 'unreadable-expiry'
          : expiry > options.now
            ? 'not-expired'
            : protectedIds.has(snapshot.id.toLowerCase())
              ? 'minimum-keep'
              : undefined;
    if (reason === undefined) toDelete.push(snapshot);
    else kept.push({ snapshot, reason });
  }
  return { toDelete, kept };
}

/** Per disk (id and uniqueId): how many complete unexpired snapshots it has, and the oldest one's creation time. */
export interface KeepCoverage {
  readonly sourceResourceId: string;
  readonly sourceUniqueId: string;
  readonly unexpiredComplete: number;
  /** ISO; undefined when there are none. */
  readonly oldestUnexpiredComplete?: string;
}

/**
 * The disks whose minimum keep is met by complete unexpired snapshots that are
 * all newer than every expired one: none of their expired snapshots can be among
 * the newest N, so their other snapshots need not be read. This keeps cleanup's
 * reads proportional to what expired, not to the history each disk has.
 */
export function disksWithKeepMet(
  expired: readonly OurSnapshot[],
  coverage: readonly KeepCoverage[],
  minimumKeep: number,
): Set<string> {
  const newestExpired = new Map<string, number>();
  for (const snapshot of expired) {
    const key = diskKey(snapshot.sourceResourceId, snapshot.sourceUniqueId);
    newestExpired.set(key, Math.max(newestExpired.get(key) ?? 0, Date.parse(snapshot.timeCreated)));
  }
  const met = new Set<string>();
  for (const key of newestExpired.keys()) if (minimumKeep === 0) met.add(key);
  for (const disk of coverage) {
    const key = diskKey(disk.sourceResourceId, disk.sourceUniqueId);
    const newest = newestExpired.get(key);
    const oldest = Date.parse(disk.oldestUnexpiredComplete ?? '');
    // NaN (an unreadable time) compares false: such a disk takes the full path.
    if (newest !== undefined && disk.unexpiredComplete >= minimumKeep && oldest > newest) met.add(key);
  }
  return met;
}

export const diskKeyOf = (snapshot: OurSnapshot): string =>
  diskKey(snapshot.sourceResourceId, snapshot.sourceUniqueId);
