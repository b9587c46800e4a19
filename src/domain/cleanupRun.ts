/** What a cleanup run takes and gives back (plain JSON: it travels through orchestration histories). */
import type { RunSlot } from './backupRun';
import type { ReconcileSummary } from './reconcileRun';

export interface CleanupRunSettings {
  readonly backupResourceGroup: string;
  readonly defaultRetentionDays: number;
  readonly minimumKeep: number;
  readonly subscriptionIds: readonly string[];
  readonly catalogTableName: string;
  readonly auditTableName: string;
  readonly catalogStorageAccount: string;
}

export interface CleanupRunInput {
  readonly runId: string;
  /** Expiry is compared with this slot's instant: reruns decide the same way. */
  readonly slot: RunSlot;
  readonly dryRun: boolean;
  readonly settings: CleanupRunSettings;
}

export type SnapshotOutcome =
  'deleted' | 'kept' | 'skipped' | 'blocked' | 'failed' | 'deleting' | 'would-delete';

export interface SnapshotResult {
  readonly snapshotId: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly diskId: string;
  readonly expiresOn?: string;
  readonly outcome: SnapshotOutcome;
  readonly reason?: string;
}

export interface CleanupRunSummary {
  readonly runId: string;
  readonly slot: RunSlot;
  readonly dryRun: boolean;
  readonly counts: Readonly<Record<SnapshotOutcome, number>>;
  readonly snapshots: readonly SnapshotResult[];
  /** The reconcile that ends every cleanup. */
  readonly reconcile?: ReconcileSummary;
}

export function summarizeCleanup(
  runId: string,
  slot: RunSlot,
  dryRun: boolean,
  snapshots: readonly SnapshotResult[],
): CleanupRunSummary {
  const counts: Record<SnapshotOutcome, number> = {
    deleted: 0,
    kept: 0,
    skipped: 0,
    blocked: 0,
    failed: 0,
    deleting: 0,
    'would-delete': 0,
  };
  for (const snapshot of snapshots) counts[snapshot.outcome] += 1;
  return {
    runId,
    slot,
    dryRun,
    counts,
    snapshots: [...snapshots].sort((a, b) =>
      a.snapshotId.toLowerCase().localeCompare(b.snapshotId.toLowerCase()),
    ),
  };
}
