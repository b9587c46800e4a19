/**
 * The metadata every snapshot we make carries as tags, so it can be found and
 * cleaned up even when the catalog write failed (reconcile rebuilds the row
 * from these). Tag values are at most 256 characters, so the full disk id is
 * not a tag (the snapshot's creationData.sourceResourceId holds it).
 */
import { tagValue, type Tags } from './tagPolicy';

export const MARKER_TAG = 'aksSnapshotBackupManagedBy';
export const MARKER_VALUE = 'aks-snapshot-backup';

export const SNAPSHOT_TAGS = {
  retentionDays: 'aksSnapshotBackupRetentionDays',
  expiresOn: 'aksSnapshotBackupExpiresOn',
  slot: 'aksSnapshotBackupSlot',
  runId: 'aksSnapshotBackupRunId',
  sourceDisk: 'aksSnapshotBackupSourceDisk',
  pvcNamespace: 'aksSnapshotBackupPvcNamespace',
  pvcName: 'aksSnapshotBackupPvcName',
  /** The catalog row's PartitionKey, so cleanup removes the row without scanning the table. */
  catalogPartition: 'aksSnapshotBackupCatalogPartition',
} as const;

export interface SnapshotMetadata {
  readonly retentionDays: number;
  readonly expiresOn: Date;
  readonly slot: Date;
  readonly runId: string;
  readonly sourceDiskName: string;
  readonly catalogPartition: string;
  readonly pvcNamespace?: string;
  readonly pvcName?: string;
}

const cut = (value: string): string => value.slice(0, 256);

export function snapshotTags(metadata: SnapshotMetadata): Record<string, string> {
  return {
    [MARKER_TAG]: MARKER_VALUE,
    [SNAPSHOT_TAGS.retentionDays]: String(metadata.retentionDays),
    [SNAPSHOT_TAGS.expiresOn]: metadata.expiresOn.toISOString(),
    [SNAPSHOT_TAGS.slot]: metadata.slot.toISOString(),
    [SNAPSHOT_TAGS.runId]: cut(metadata.runId),
    [SNAPSHOT_TAGS.sourceDisk]: cut(metadata.sourceDiskName),
    [SNAPSHOT_TAGS.catalogPartition]: metadata.catalogPartition,
    ...(metadata.pvcNamespace === undefined
      ? {}
      : { [SNAPSHOT_TAGS.pvcNamespace]: cut(metadata.pvcNamespace) }),
    ...(metadata.pvcName === undefined ? {} : { [SNAPSHOT_TAGS.pvcName]: cut(metadata.pvcName) }),
  };
}

/** True when the snapshot carries our marker (any case of the name, trimmed value). */
export function isOurs(tags: Tags): boolean {
  return tagValue(tags, MARKER_TAG) === MARKER_VALUE;
}

/** The slot a snapshot of ours was made for, or undefined when the tag is missing or unreadable. */
export function slotOf(tags: Tags): Date | undefined {
  const value = tagValue(tags, SNAPSHOT_TAGS.slot);
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The expiry written on a snapshot of ours; undefined when missing or unreadable (such a snapshot is never deleted). */
export function expiryOf(tags: Tags): Date | undefined {
  const value = tagValue(tags, SNAPSHOT_TAGS.expiresOn);
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
