/**
 * What reconcile may set aside before it compares: a catalog row of ours and
 * the snapshot it names, when they agree (same expiry, same source disk). Such a
 * pair gives planReconcile nothing to do, and in the steady state every pair is
 * one, so comparing only the rest gives the same plan while holding a small
 * digest per snapshot instead of every row and every snapshot as objects (at
 * 10,000 disks kept 30 days that is 300,000 of each, about a gigabyte).
 *
 * Use: `noteSnapshot` for every snapshot of ours, then `keepRow` for every row
 * (false: set aside), then `keepSnapshot` for every snapshot again (a second
 * pass, only when `snapshotsToKeep` > 0). planReconcile on the kept rows and
 * snapshots equals planReconcile on all of them.
 */
import { createHash } from 'node:crypto';
import type { OurSnapshot } from './cleanupPlan';
import { isLegacy, type CatalogEntry } from './reconcilePlan';
import { expiryOf } from './snapshotTags';

/** 132 bits of SHA-256 of the lower-cased text: short to hold, and no two ids meet by chance. */
function digestOf(text: string): string {
  return createHash('sha256').update(text.toLowerCase()).digest('base64url').slice(0, 22);
}

/** A snapshot's id digest → its source digest and tagged expiry (ms; NaN when the tag is absent or unreadable). */
interface SnapshotDigest {
  readonly source: string;
  readonly expiresMs: number;
}

export class ReconcileSettlement {
  private readonly snapshots = new Map<string, SnapshotDigest>();
  /** Snapshots whose row agrees with them (set aside, unless a kept row names them too). */
  private readonly settled = new Set<string>();
  /** Snapshots a kept row names: planReconcile must see them. */
  private readonly named = new Set<string>();

  noteSnapshot(snapshot: OurSnapshot): void {
    this.snapshots.set(digestOf(snapshot.id), {
      source: digestOf(snapshot.sourceResourceId),
      expiresMs: expiryOf(snapshot.tags)?.getTime() ?? NaN,
    });
  }

  /**
   * False when the row is ours and agrees with its snapshot: planReconcile would
   * neither restore, remove nor report anything for the pair. The comparison is
   * planReconcile's own: an expiry counts as different only when both sides have one.
   */
  keepRow(row: CatalogEntry): boolean {
    const id = digestOf(row.azureSnapshotResourceId);
    const snapshot = this.snapshots.get(id);
    const agrees =
      snapshot !== undefined &&
      !isLegacy(row) &&
      snapshot.source === digestOf(row.azureSourceDiskResourceId) &&
      (Number.isNaN(snapshot.expiresMs) || Date.parse(row.expiresOn ?? '') === snapshot.expiresMs);
    if (agrees) this.settled.add(id);
    else this.named.add(id);
    return !agrees;
  }

  /** After every row: whether planReconcile needs this snapshot (no agreeing row, or a kept row names it). */
  keepSnapshot(snapshot: OurSnapshot): boolean {
    const id = digestOf(snapshot.id);
    return !this.settled.has(id) || this.named.has(id);
  }

  /** How many snapshots the second pass keeps; 0 means it can be skipped. */
  get snapshotsToKeep(): number {
    let count = 0;
    for (const id of this.snapshots.keys()) if (!this.settled.has(id) || this.named.has(id)) count++;
    return count;
  }

  get snapshotCount(): number {
    return this.snapshots.size;
  }
}
