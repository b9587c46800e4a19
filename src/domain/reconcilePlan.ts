/**
 * Making the catalog agree with Azure, and adopting what the original
 * PowerShell solution left behind. Pure: given the catalog rows, our marked
 * snapshots and (for legacy rows) the snapshots they name, it says which rows
 * to restore, which rows to check for removal, which snapshots to adopt and
 * what disagrees. Nothing is removed on Resource Graph's word alone: a row is
 * only a removal candidate until a direct GET confirms its snapshot is gone.
 */
import { DateTime } from 'luxon';
import type { OurSnapshot } from './cleanupPlan';
import { partitionKeyOf } from './scheduleSlots';
import { expiryOf, isOurs, slotOf, SNAPSHOT_TAGS } from './snapshotTags';
import { MAX_RETENTION_DAYS, tagValue } from './tagPolicy';

/** A catalog row as read (ours have expiresOn; the original's do not). */
export interface CatalogEntry {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly azureSnapshotResourceId: string;
  readonly azureSourceDiskResourceId: string;
  readonly region: string;
  readonly retentionTime: string;
  /** ISO; absent on rows the original solution wrote. */
  readonly expiresOn?: string;
  readonly status?: string;
  readonly slot?: string;
  readonly pvcNamespace?: string;
  readonly pvcName?: string;
}

/** A row to write, in the catalog's JSON form (see catalogActivities). */
export interface RowToWrite {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly azureSnapshotResourceId: string;
  readonly azureSourceDiskResourceId: string;
  readonly region: string;
  readonly retentionTime: string;
  readonly expiresOn: string;
  readonly status: 'succeeded' | 'creating' | 'copying';
  readonly subscriptionId: string;
  readonly incremental: boolean;
  readonly slot: string;
  readonly runId: string;
  readonly sourceUniqueId: string;
  readonly pvcNamespace?: string;
  readonly pvcName?: string;
}

export interface Adoption {
  readonly row: CatalogEntry;
  readonly snapshot: OurSnapshot;
  /** Tags to add to the snapshot: our marker and its expiry. */
  readonly tags: Readonly<Record<string, string>>;
  readonly newRow: RowToWrite;
  readonly warning?: string;
}

export interface ReconcilePlan {
  /** Marked snapshots without a row: their rows, rebuilt from their tags. */
  readonly restore: readonly RowToWrite[];
  /** Rows (ours or legacy) whose snapshot Resource Graph did not show: removed once a GET says 404. */
  readonly checkGone: readonly CatalogEntry[];
  readonly adopt: readonly Adoption[];
  /** Legacy rows whose snapshot exists but may not be adopted, and rows that disagree with their snapshot. */
  readonly reports: readonly {
    readonly rowKey: string;
    readonly snapshotId: string;
    readonly problem: string;
  }[];
}

const lower = (value: string) => value.toLowerCase();

export function isLegacy(row: CatalogEntry): boolean {
  return row.expiresOn === undefined || row.expiresOn === '';
}

function status(snapshot: OurSnapshot): RowToWrite['status'] {
  if (snapshot.provisioningState !== 'Succeeded') return 'creating';
  return snapshot.completionPercent !== undefined && snapshot.completionPercent < 100
    ? 'copying'
    : 'succeeded';
}

/** The row a marked snapshot should have, from its own tags. */
export function rowFromSnapshot(snapshot: OurSnapshot, timeZone: string): RowToWrite | undefined {
  const expiresOn = expiryOf(snapshot.tags);
  const slot =
    slotOf(snapshot.tags) ?? (snapshot.timeCreated === '' ? undefined : new Date(snapshot.timeCreated));
  if (expiresOn === undefined || slot === undefined) return undefined;
  const pvcNamespace = tagValue(snapshot.tags, SNAPSHOT_TAGS.pvcNamespace);
  const pvcName = tagValue(snapshot.tags, SNAPSHOT_TAGS.pvcName);
  return {
    partitionKey:
      tagValue(snapshot.tags, SNAPSHOT_TAGS.catalogPartition) ??
      partitionKeyOf({ kind: 'backup', utc: slot, scheduled: '', timeZone }),
    rowKey: snapshot.name,
    azureSnapshotResourceId: snapshot.id,
    azureSourceDiskResourceId: snapshot.sourceResourceId,
    region: snapshot.location,
    retentionTime: tagValue(snapshot.tags, SNAPSHOT_TAGS.retentionDays) ?? '',
    expiresOn: expiresOn.toISOString(),
    status: status(snapshot),
    subscriptionId: snapshot.subscriptionId,
    incremental: snapshot.incremental ?? true,
    slot: slot.toISOString(),
    runId: tagValue(snapshot.tags, SNAPSHOT_TAGS.runId) ?? 'reconcile',
    sourceUniqueId: snapshot.sourceUniqueId,
    ...(pvcNamespace === undefined ? {} : { pvcNamespace }),
    ...(pvcName === undefined ? {} : { pvcName }),
  };
}

/** Expiry of a legacy snapshot: its partition date (local midnight) + retentionTime days; bad values use the default. */
export function legacyExpiry(
  row: CatalogEntry,
  timeZone: string,
  defaultDays: number,
): { expiresOn: Date; days: number; warning?: string } | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(row.partitionKey);
  if (match === null) return undefined;
  const day = DateTime.fromObject(
    { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
    { zone: timeZone },
  );
  if (!day.isValid) return undefined;
  const text = row.retentionTime.trim();
  const parsed = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= MAX_RETENTION_DAYS;
  const days = valid ? parsed : defaultDays;
  return {
    expiresOn: day.plus({ days }).toJSDate(),
    days,
    ...(valid
      ? {}
      : {
          warning: `legacy retentionTime "${row.retentionTime}" is not valid; the default of ${defaultDays} days was used`,
        }),
  };
}

export function planReconcile(
  rows: readonly CatalogEntry[],
  ours: readonly OurSnapshot[],
  legacyTargets: readonly OurSnapshot[],
  options: {
    readonly timeZone: string;
    readonly backupResourceGroup: string;
    readonly defaultRetentionDays: number;
    readonly runId: string;
  },
): ReconcilePlan {
  const oursById = new Map(ours.map((s) => [lower(s.id), s]));
  const legacyById = new Map(legacyTargets.map((s) => [lower(s.id), s]));
  const rowsById = new Map<string, CatalogEntry>();
  for (const row of rows) rowsById.set(lower(row.azureSnapshotResourceId), row);

  const restore: RowToWrite[] = [];
  const checkGone: CatalogEntry[] = [];
  const adopt: Adoption[] = [];
  const reports: { rowKey: string; snapshotId: string; problem: string }[] = [];

  for (const snapshot of ours) {
    if (rowsById.has(lower(snapshot.id))) continue;
    const row = rowFromSnapshot(snapshot, options.timeZone);
    if (row === undefined)
      reports.push({
        rowKey: snapshot.name,
        snapshotId: snapshot.id,
        problem: 'marked snapshot without readable expiry or slot tags; no row restored',
      });
    else restore.push(row);
  }

  for (const row of rows) {
    const id = lower(row.azureSnapshotResourceId);
    if (!isLegacy(row)) {
      const snapshot = oursById.get(id);
      if (snapshot === undefined) {
        checkGone.push(row);
        continue;
      }
      const tagExpiry = expiryOf(snapshot.tags)?.toISOString();
      if (
        tagExpiry !== undefined &&
        row.expiresOn !== undefined &&
        Date.parse(row.expiresOn) !== Date.parse(tagExpiry)
      ) {
        reports.push({
          rowKey: row.rowKey,
          snapshotId: snapshot.id,
          problem: `expiry differs: row ${row.expiresOn}, snapshot ${tagExpiry}`,
        });
      }
      if (lower(row.azureSourceDiskResourceId) !== lower(snapshot.sourceResourceId)) {
        reports.push({
          rowKey: row.rowKey,
          snapshotId: snapshot.id,
          problem: `source differs: row ${row.azureSourceDiskResourceId}, snapshot ${snapshot.sourceResourceId}`,
        });
      }
      continue;
    }
    // A row the original wrote.
    const already = oursById.get(id);
    if (already !== undefined) {
      const rebuilt = rowFromSnapshot(already, options.timeZone);
      if (rebuilt !== undefined)
        restore.push({ ...rebuilt, partitionKey: row.partitionKey, rowKey: row.rowKey });
      continue;
    }
    const target = legacyById.get(id);
    if (target === undefined) {
      checkGone.push(row);
      continue;
    }
    if (lower(target.resourceGroup) !== lower(options.backupResourceGroup)) {
      reports.push({
        rowKey: row.rowKey,
        snapshotId: target.id,
        problem: `not adopted: the snapshot is in resource group ${target.resourceGroup}, not the backup resource group ${options.backupResourceGroup}`,
      });
      continue;
    }
    if (lower(target.sourceResourceId) !== lower(row.azureSourceDiskResourceId)) {
      reports.push({
        rowKey: row.rowKey,
        snapshotId: target.id,
        problem: `not adopted: the snapshot was taken from ${target.sourceResourceId}, the row names ${row.azureSourceDiskResourceId}`,
      });
      continue;
    }
    if (isOurs(target.tags)) continue;
    const expiry = legacyExpiry(row, options.timeZone, options.defaultRetentionDays);
    if (expiry === undefined) {
      reports.push({
        rowKey: row.rowKey,
        snapshotId: target.id,
        problem: `not adopted: the partition "${row.partitionKey}" is not a yyyy-M-d date`,
      });
      continue;
    }
    const tags = {
      aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
      [SNAPSHOT_TAGS.expiresOn]: expiry.expiresOn.toISOString(),
      [SNAPSHOT_TAGS.retentionDays]: String(expiry.days),
      [SNAPSHOT_TAGS.catalogPartition]: row.partitionKey,
      [SNAPSHOT_TAGS.runId]: options.runId,
    };
    adopt.push({
      row,
      snapshot: target,
      tags,
      newRow: {
        partitionKey: row.partitionKey,
        rowKey: row.rowKey,
        azureSnapshotResourceId: target.id,
        azureSourceDiskResourceId: row.azureSourceDiskResourceId,
        region: row.region,
        retentionTime: row.retentionTime,
        expiresOn: expiry.expiresOn.toISOString(),
        status: status(target),
        subscriptionId: target.subscriptionId,
        incremental: target.incremental ?? false,
        slot: target.timeCreated === '' ? expiry.expiresOn.toISOString() : target.timeCreated,
        runId: options.runId,
        sourceUniqueId: target.sourceUniqueId,
      },
      ...(expiry.warning === undefined ? {} : { warning: expiry.warning }),
    });
  }
  return { restore, checkGone, adopt, reports };
}
