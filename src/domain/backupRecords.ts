/**
 * What a subscription's backup leaves in storage, in the compact form it
 * travels in: one entry per disk, with the fields every entry shares given
 * once. An activity expands it into catalog rows and audit records. The
 * entries go through the subscription's history, where the expanded rows and
 * records took more than twice the space (every row repeats the subscription,
 * slot, run, partition and a snapshot id made of names it already has).
 */
import type { AuditRecord, CatalogRow } from '../azure/catalogStore';
import { parseResourceId, snapshotIdOf } from './resourceIds';

export interface BackupRecordCommon {
  readonly subscriptionId: string;
  readonly backupResourceGroup: string;
  readonly partitionKey: string;
  readonly slotUtc: string;
  readonly runId: string;
  readonly incremental: boolean;
  /** When the results were recorded, ISO. */
  readonly at: string;
}

/** The catalog row's own fields: present when the snapshot exists. */
export interface RecordedRow {
  readonly status: CatalogRow['status'];
  readonly uniqueId: string;
  readonly location: string;
  readonly retentionDays: number;
  readonly expiresOn: string;
  /** Only when Azure's id differs from the one made of subscription, backup group and name. */
  readonly snapshotId?: string;
  readonly pvcNamespace?: string;
  readonly pvcName?: string;
}

export interface RecordedDisk {
  readonly diskId: string;
  readonly snapshotName: string;
  readonly outcome: 'created' | 'exists' | 'failed' | 'skipped';
  readonly message?: string;
  readonly warning?: string;
  readonly durationMs?: number;
  readonly row?: RecordedRow;
}

/** `row.snapshotId` is left out when it is the id `snapshotIdOf` would make. */
export function recordedRowOf(
  common: Pick<BackupRecordCommon, 'subscriptionId' | 'backupResourceGroup'>,
  snapshotName: string,
  snapshotId: string,
  row: Omit<RecordedRow, 'snapshotId'>,
): RecordedRow {
  const made = snapshotIdOf(common.subscriptionId, common.backupResourceGroup, snapshotName);
  return snapshotId === made ? row : { ...row, snapshotId };
}

export function catalogRowsOf(common: BackupRecordCommon, disks: readonly RecordedDisk[]): CatalogRow[] {
  const rows: CatalogRow[] = [];
  for (const { diskId, snapshotName, row } of disks) {
    if (row === undefined) continue;
    rows.push({
      partitionKey: common.partitionKey,
      rowKey: snapshotName,
      azureSnapshotResourceId:
        row.snapshotId ?? snapshotIdOf(common.subscriptionId, common.backupResourceGroup, snapshotName),
      azureSourceDiskResourceId: diskId,
      region: row.location,
      retentionTime: String(row.retentionDays),
      expiresOn: new Date(row.expiresOn),
      status: row.status,
      // The disk's own subscription, as its id spells it.
      subscriptionId: parseResourceId(diskId)?.subscriptionId ?? common.subscriptionId,
      incremental: common.incremental,
      slot: new Date(common.slotUtc),
      runId: common.runId,
      sourceUniqueId: row.uniqueId,
      ...(row.pvcNamespace === undefined ? {} : { pvcNamespace: row.pvcNamespace }),
      ...(row.pvcName === undefined ? {} : { pvcName: row.pvcName }),
    });
  }
  return rows;
}

/** One record per disk, and one more for a disk with a warning. */
export function auditRecordsOf(common: BackupRecordCommon, disks: readonly RecordedDisk[]): AuditRecord[] {
  const at = new Date(common.at);
  const records: AuditRecord[] = [];
  for (const disk of disks) {
    records.push({
      diskId: disk.diskId,
      at,
      runId: common.runId,
      kind: disk.outcome,
      snapshotName: disk.snapshotName,
      ...(disk.message === undefined ? {} : { message: disk.message }),
      ...(disk.durationMs === undefined ? {} : { durationMs: disk.durationMs }),
    });
    if (disk.warning !== undefined) {
      records.push({
        diskId: disk.diskId,
        at,
        runId: common.runId,
        kind: 'warning',
        snapshotName: disk.snapshotName,
        message: disk.warning,
      });
    }
  }
  return records;
}
