/** What a reconcile run takes and gives back. */
import type { RunSlot } from './backupRun';

export interface ReconcileRunInput {
  readonly runId: string;
  readonly slot: RunSlot;
  readonly dryRun: boolean;
  readonly settings: {
    readonly backupResourceGroup: string;
    readonly defaultRetentionDays: number;
    readonly subscriptionIds: readonly string[];
    readonly catalogTableName: string;
    readonly auditTableName: string;
    readonly catalogStorageAccount: string;
  };
}

export interface ReconcileSummary {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly counts: {
    readonly rows: number;
    readonly snapshots: number;
    readonly restored: number;
    readonly removed: number;
    readonly adopted: number;
    readonly reported: number;
  };
  readonly restored: readonly string[];
  readonly removed: readonly { readonly rowKey: string; readonly reason: string }[];
  readonly adopted: readonly string[];
  readonly reports: readonly { readonly rowKey: string; readonly problem: string }[];
}
