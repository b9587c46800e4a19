/**
 * What reconcile may set aside before it compares: a catalog row of ours and
 * the snapshot it names, when they agree (same expiry, same source disk). Such a
 * pair gives planReconcile nothing to do, and in the steady state every pair is
 * one, so comparing only the rest gives the same plan while holding a small
 * digest per snapshot (see DigestTable) instead of every row and every
 * snapshot as objects (at 10,000 disks kept 30 days that is 300,000 of each,
 * about a gigabyte).
 *
 * Use: `noteSnapshot` for every snapshot of ours, then `keepRow` for every row
 * (false: set aside), then `keepSnapshot` for every snapshot again (a second
 * pass, only when `snapshotsToKeep` > 0). planReconcile on the kept rows and
 * snapshots equals planReconcile on all of them.
 */
import type { OurSnapshot } from './cleanupPlan';
import { DigestTable } from './digestTable';
import { isLegacy, type CatalogEntry } from './reconcilePlan';
import { expiryOf } from './snapshotTags';

/** The snapshot's row agrees with it: set aside, unless a kept row names it too. */
const SETTLED = 2;
/** A kept row names the snapshot: planReconcile must see it. */
const NAMED = 4;

export class ReconcileSettlement {
  /** Per snapshot id: its source disk id and tagged expiry (ms; NaN when the tag is absent or unreadable). */
  private readonly snapshots = new DigestTable();

  noteSnapshot(snapshot: OurSnapshot): void {
    this.snapshots.set(snapshot.id, snapshot.sourceResourceId, expiryOf(snapshot.tags)?.getTime() ?? NaN);
  }

  /**
   * False when the row is ours and agrees with its snapshot: planReconcile would
   * neither restore, remove nor report anything for the pair. The comparison is
   * planReconcile's own: an expiry counts as different only when both sides have one.
   */
  keepRow(row: CatalogEntry): boolean {
    const snapshot = this.snapshots.lookup(row.azureSnapshotResourceId, row.azureSourceDiskResourceId);
    const agrees =
      snapshot.found &&
      !isLegacy(row) &&
      snapshot.sameValue &&
      (Number.isNaN(snapshot.num) || Date.parse(row.expiresOn ?? '') === snapshot.num);
    this.snapshots.addFlag(row.azureSnapshotResourceId, agrees ? SETTLED : NAMED);
    return !agrees;
  }

  /** After every row: whether planReconcile needs this snapshot (no agreeing row, or a kept row names it). */
  keepSnapshot(snapshot: OurSnapshot): boolean {
    const flags = this.snapshots.flagsOf(snapshot.id);
    return flags === undefined || needed(flags);
  }

  /** How many snapshots the second pass keeps; 0 means it can be skipped. */
  get snapshotsToKeep(): number {
    return this.snapshots.countWhere(needed);
  }

  get snapshotCount(): number {
    return this.snapshots.size;
  }
}

const needed = (flags: number) => (flags & SETTLED) === 0 || (flags & NAMED) !== 0;
