/**
 * Recognising a slot's snapshot that already exists, so a rerun (timer fired
 * twice, retried orchestration, CLI rerun after a crash) creates no duplicate.
 * A snapshot is this disk's snapshot for this slot when it was taken from this
 * disk (same source id and uniqueId: a recreated disk of the same name is a
 * different disk) and either carries our slot tag for the slot or has the
 * expected name — however it is named otherwise.
 */
import { slotOf } from './snapshotTags';

export interface ExistingSnapshot {
  readonly id: string;
  readonly name: string;
  readonly sourceResourceId: string;
  readonly sourceUniqueId: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SnapshotTarget {
  readonly diskId: string;
  readonly diskUniqueId: string;
  readonly expectedName: string;
  readonly slot: Date;
}

export function isFromDisk(snapshot: ExistingSnapshot, diskId: string, diskUniqueId: string): boolean {
  return (
    snapshot.sourceResourceId.toLowerCase() === diskId.toLowerCase() &&
    (diskUniqueId === '' || snapshot.sourceUniqueId === '' || snapshot.sourceUniqueId === diskUniqueId)
  );
}

export function findSlotSnapshot<T extends ExistingSnapshot>(
  snapshots: readonly T[],
  target: SnapshotTarget,
): T | undefined {
  return snapshots.find(
    (snapshot) =>
      isFromDisk(snapshot, target.diskId, target.diskUniqueId) &&
      (slotOf(snapshot.tags)?.getTime() === target.slot.getTime() ||
        snapshot.name.toLowerCase() === target.expectedName.toLowerCase()),
  );
}

/** Snapshots by lower-cased source disk id: the candidates findSlotSnapshot needs, found in O(1) per disk. */
export function groupBySource<T extends ExistingSnapshot>(snapshots: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const snapshot of snapshots) {
    const key = snapshot.sourceResourceId.toLowerCase();
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [snapshot]);
    else group.push(snapshot);
  }
  return groups;
}
