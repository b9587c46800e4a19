/**
 * What a backup run takes and gives back: its input (everything the
 * orchestrator needs, fixed when the run starts, since an orchestrator reads no
 * settings), the per-disk results and the summary. Plain JSON, because all of
 * it travels through orchestration histories.
 */
import type { NotUnderstood, PlannedSnapshot } from './backupPlan';
import type { InventoryDisk } from './backupPlan';

export interface RunSlot {
  /** The slot's instant, ISO. */
  readonly utc: string;
  readonly scheduled: string;
  readonly timeZone: string;
}

export interface RunFilters {
  /** Lower-cased; empty means no filter. */
  readonly subscriptions: readonly string[];
  readonly resourceGroups: readonly string[];
  /** Disk names or ids. */
  readonly disks: readonly string[];
}

export interface BackupRunSettings {
  readonly defaultRetentionDays: number;
  readonly snapshotsPerDay: number;
  readonly incremental: boolean;
  readonly backupResourceGroup: string;
  readonly subscriptionIds: readonly string[];
  readonly catalogTableName: string;
  readonly auditTableName: string;
  readonly catalogStorageAccount: string;
}

export interface BackupRunInput {
  readonly runId: string;
  readonly slot: RunSlot;
  readonly dryRun: boolean;
  readonly filters: RunFilters;
  readonly settings: BackupRunSettings;
}

export type DiskOutcome = 'created' | 'exists' | 'pending' | 'failed' | 'planned';

export interface DiskResult {
  readonly diskId: string;
  readonly diskName: string;
  readonly subscriptionId: string;
  readonly location: string;
  readonly resourceGroup: string;
  readonly snapshotName: string;
  readonly expiresOn: string;
  readonly outcome: DiskOutcome;
  readonly snapshotId?: string;
  readonly warning?: string;
  readonly error?: string;
  /** From the PUT to the verified snapshot, in orchestration time. */
  readonly durationMs?: number;
  readonly pvc?: string;
}

export interface BackupRunSummary {
  readonly runId: string;
  readonly slot: RunSlot;
  readonly dryRun: boolean;
  readonly counts: Readonly<Record<DiskOutcome, number>> & {
    readonly warnings: number;
    readonly notUnderstood: number;
  };
  readonly disks: readonly DiskResult[];
  readonly notUnderstood: readonly NotUnderstood[];
}

/** Filters narrow a run; a disk matches a disk filter by name or id, in any case. */
export function applyFilters(disks: readonly InventoryDisk[], filters: RunFilters): InventoryDisk[] {
  const lower = (values: readonly string[]) => new Set(values.map((v) => v.toLowerCase()));
  const subscriptions = lower(filters.subscriptions);
  const groups = lower(filters.resourceGroups);
  const names = lower(filters.disks);
  return disks.filter((disk) => {
    const group = /\/resourceGroups\/([^/]+)\//i.exec(disk.id)?.[1] ?? '';
    return (
      (subscriptions.size === 0 || subscriptions.has(disk.subscriptionId.toLowerCase())) &&
      (groups.size === 0 || groups.has(group.toLowerCase())) &&
      (names.size === 0 || names.has(disk.name.toLowerCase()) || names.has(disk.id.toLowerCase()))
    );
  });
}

/** Chunks of at most `size`, never mixing regions (Compute's quotas are per region). */
export function chunksOf(planned: readonly PlannedSnapshot[], size: number): PlannedSnapshot[][] {
  const byRegion = new Map<string, PlannedSnapshot[]>();
  for (const item of planned) {
    const list = byRegion.get(item.location.toLowerCase()) ?? [];
    list.push(item);
    byRegion.set(item.location.toLowerCase(), list);
  }
  const chunks: PlannedSnapshot[][] = [];
  for (const [, list] of [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
  }
  return chunks;
}

export function summarize(
  runId: string,
  slot: RunSlot,
  dryRun: boolean,
  disks: readonly DiskResult[],
  notUnderstood: readonly NotUnderstood[],
): BackupRunSummary {
  const counts: Record<DiskOutcome, number> = { created: 0, exists: 0, pending: 0, failed: 0, planned: 0 };
  for (const disk of disks) counts[disk.outcome] += 1;
  return {
    runId,
    slot,
    dryRun,
    counts: {
      ...counts,
      warnings: disks.filter((d) => d.warning !== undefined).length,
      notUnderstood: notUnderstood.length,
    },
    disks: [...disks].sort((a, b) => a.diskId.toLowerCase().localeCompare(b.diskId.toLowerCase())),
    notUnderstood,
  };
}
