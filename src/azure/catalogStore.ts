/**
 * The catalog (one row per live snapshot, the original solution's table and
 * columns plus ours) and the audit table (every event, one partition per disk)
 * in Azure Table storage. Writes are upserts in transactions of up to 100
 * entities of one partition, so a rerun rewrites the same rows.
 */
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { odata, TableTransaction, type TableClient, type TableEntity } from '@azure/data-tables';
import { isRestError } from '@azure/core-rest-pipeline';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { CatalogEntry } from '../domain/reconcilePlan';
import { tagValue } from '../domain/tagPolicy';

export const CATALOG_ACCOUNT_TAG = 'aksSnapshotBackupDatabase';
export const CATALOG_ACCOUNT_TAG_VALUE = 'tableStorage';
export const MAX_TRANSACTION = 100;
/** Partitions written at once: one activity's batch finishes in seconds, well inside Table storage's limits. */
const PARTITIONS_AT_ONCE = 8;

export interface CatalogRow {
  /** The slot's local date, `yyyy-M-d`, as the original wrote it. */
  readonly partitionKey: string;
  /** The snapshot name. */
  readonly rowKey: string;
  readonly azureSnapshotResourceId: string;
  readonly azureSourceDiskResourceId: string;
  readonly region: string;
  /** Days, as a string, like the original. */
  readonly retentionTime: string;
  readonly expiresOn: Date;
  readonly status: 'creating' | 'succeeded' | 'copying';
  readonly subscriptionId: string;
  readonly incremental: boolean;
  readonly slot: Date;
  readonly runId: string;
  readonly sourceUniqueId: string;
  readonly pvcNamespace?: string;
  readonly pvcName?: string;
}

export type AuditKind = 'created' | 'exists' | 'failed' | 'warning' | 'deleted' | 'skipped';

export interface AuditRecord {
  readonly diskId: string;
  readonly at: Date;
  readonly runId: string;
  readonly kind: AuditKind;
  readonly snapshotName?: string;
  readonly message?: string;
  readonly durationMs?: number;
}

export class CatalogAccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogAccountError';
  }
}

/**
 * The catalog's storage account: the setting when given, else the one account
 * tagged `aksSnapshotBackupDatabase: tableStorage` (name in any case, value
 * trimmed, any case). None or several is an error that says what was found.
 */
export async function findCatalogAccount(
  graph: ResourceGraphClient,
  subscriptions: readonly string[],
  configured: string,
): Promise<string> {
  if (configured !== '') return configured;
  const result = await graph.resources({
    query: [
      'Resources',
      "| where type =~ 'microsoft.storage/storageaccounts'",
      `| where tostring(tags) contains '"${CATALOG_ACCOUNT_TAG}":'`,
      '| project id, name, tags',
    ].join('\n'),
    ...(subscriptions.length === 0 ? {} : { subscriptions: [...subscriptions] }),
    options: { resultFormat: 'objectArray' },
  });
  const rows = Array.isArray(result.data) ? (result.data as { name?: unknown; tags?: unknown }[]) : [];
  const tagged = rows.filter((row) => {
    const tags = (typeof row.tags === 'object' && row.tags !== null ? row.tags : {}) as Record<
      string,
      string
    >;
    return tagValue(tags, CATALOG_ACCOUNT_TAG)?.toLowerCase() === CATALOG_ACCOUNT_TAG_VALUE.toLowerCase();
  });
  const names = tagged.map((row) => String(row.name));
  if (names.length === 1 && names[0] !== undefined) return names[0];
  throw new CatalogAccountError(
    names.length === 0
      ? `No storage account is tagged ${CATALOG_ACCOUNT_TAG}: ${CATALOG_ACCOUNT_TAG_VALUE}; tag one or set CATALOG_STORAGE_ACCOUNT.`
      : `Several storage accounts are tagged ${CATALOG_ACCOUNT_TAG}: ${CATALOG_ACCOUNT_TAG_VALUE} (${names.join(', ')}); set CATALOG_STORAGE_ACCOUNT to the one to use.`,
  );
}

/** Creates the table if it is not there (409 "already exists" is the desired end state). */
export async function ensureTable(table: TableClient): Promise<void> {
  await table.createTable();
}

function catalogEntity(row: CatalogRow): TableEntity {
  return {
    partitionKey: row.partitionKey,
    rowKey: row.rowKey,
    azureSnapshotResourceId: row.azureSnapshotResourceId,
    azureSourceDiskResourceId: row.azureSourceDiskResourceId,
    region: row.region,
    retentionTime: row.retentionTime,
    expiresOn: row.expiresOn,
    status: row.status,
    subscriptionId: row.subscriptionId,
    incremental: row.incremental,
    slot: row.slot,
    runId: row.runId,
    sourceUniqueId: row.sourceUniqueId,
    ...(row.pvcNamespace === undefined ? {} : { pvcNamespace: row.pvcNamespace }),
    ...(row.pvcName === undefined ? {} : { pvcName: row.pvcName }),
  };
}

/** Audit rows of one disk share a partition: a hash of the lower-cased disk id (keys cannot hold `/`). */
export function auditPartitionKey(diskId: string): string {
  return createHash('sha256').update(diskId.toLowerCase()).digest('hex').slice(0, 32);
}

function auditEntity(record: AuditRecord): TableEntity {
  return {
    partitionKey: auditPartitionKey(record.diskId),
    // Time first so a partition reads in order; run and kind make one event per run unique and rewritable.
    rowKey: `${record.at.toISOString()}_${record.runId}_${record.kind}`.replace(/[/\\#?]/g, '_'),
    diskId: record.diskId,
    at: record.at,
    runId: record.runId,
    kind: record.kind,
    ...(record.snapshotName === undefined ? {} : { snapshotName: record.snapshotName }),
    ...(record.message === undefined ? {} : { message: record.message.slice(0, 16_000) }),
    ...(record.durationMs === undefined ? {} : { durationMs: record.durationMs }),
  };
}

/** Upserts entities in transactions of at most 100 per partition; returns how many transactions it took. */
export async function upsertInBatches(table: TableClient, entities: readonly TableEntity[]): Promise<number> {
  const byPartition = new Map<string, TableEntity[]>();
  for (const entity of entities) {
    const list = byPartition.get(entity.partitionKey) ?? [];
    // A transaction may not touch one row twice: the last write of a row wins.
    const existing = list.findIndex((e) => e.rowKey === entity.rowKey);
    if (existing >= 0) list.splice(existing, 1);
    list.push(entity);
    byPartition.set(entity.partitionKey, list);
  }
  let transactions = 0;
  const limit = pLimit(PARTITIONS_AT_ONCE);
  await Promise.all(
    [...byPartition.values()].map((list) =>
      limit(async () => {
        for (let i = 0; i < list.length; i += MAX_TRANSACTION) {
          const transaction = new TableTransaction();
          for (const entity of list.slice(i, i + MAX_TRANSACTION))
            transaction.upsertEntity(entity, 'Replace');
          await table.submitTransaction(transaction.actions);
          transactions += 1;
        }
      }),
    ),
  );
  return transactions;
}

export async function writeCatalogRows(table: TableClient, rows: readonly CatalogRow[]): Promise<number> {
  return upsertInBatches(table, rows.map(catalogEntity));
}

export async function writeAuditRecords(
  table: TableClient,
  records: readonly AuditRecord[],
): Promise<number> {
  return upsertInBatches(table, records.map(auditEntity));
}

export interface RowKeyPair {
  readonly partitionKey: string;
  readonly rowKey: string;
}

/**
 * Removes catalog rows; a row already gone is the desired end state. Tries one
 * transaction per partition (up to 100 rows); a transaction fails whole when
 * one row is missing, so that partition is then removed row by row.
 */
export async function removeRows(table: TableClient, keys: readonly RowKeyPair[]): Promise<number> {
  const byPartition = new Map<string, string[]>();
  for (const key of keys) {
    const list = byPartition.get(key.partitionKey) ?? [];
    if (!list.includes(key.rowKey)) list.push(key.rowKey);
    byPartition.set(key.partitionKey, list);
  }
  let requests = 0;
  const removePartition = async (partitionKey: string, rowKeys: readonly string[]): Promise<void> => {
    for (let i = 0; i < rowKeys.length; i += MAX_TRANSACTION) {
      const slice = rowKeys.slice(i, i + MAX_TRANSACTION);
      const transaction = new TableTransaction();
      for (const rowKey of slice) transaction.deleteEntity(partitionKey, rowKey);
      requests += 1;
      try {
        await table.submitTransaction(transaction.actions);
        continue;
      } catch (error) {
        if (!isRestError(error) || error.statusCode !== 404) throw error;
      }
      for (const rowKey of slice) {
        requests += 1;
        try {
          await table.deleteEntity(partitionKey, rowKey);
        } catch (error) {
          if (!isRestError(error) || error.statusCode !== 404) throw error;
        }
      }
    }
  };
  const limit = pLimit(PARTITIONS_AT_ONCE);
  await Promise.all(
    [...byPartition].map(([partitionKey, rowKeys]) => limit(() => removePartition(partitionKey, rowKeys))),
  );
  return requests;
}

/**
 * Each row of the catalog, in the form reconcile compares (ours have expiresOn,
 * the original's do not), as the pages arrive: a caller keeping a digest never
 * holds the whole catalog.
 */
export async function forEachCatalogEntry(
  table: TableClient,
  onEntry: (entry: CatalogEntry) => void,
): Promise<void> {
  try {
    for await (const row of table.listEntities()) {
      const text = (value: unknown) =>
        typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
      const expiresOn = row.expiresOn instanceof Date ? row.expiresOn.toISOString() : text(row.expiresOn);
      onEntry({
        partitionKey: row.partitionKey ?? '',
        rowKey: row.rowKey ?? '',
        azureSnapshotResourceId: text(row.azureSnapshotResourceId),
        azureSourceDiskResourceId: text(row.azureSourceDiskResourceId),
        region: text(row.region),
        retentionTime: text(row.retentionTime),
        ...(expiresOn === '' ? {} : { expiresOn }),
        ...(text(row.status) === '' ? {} : { status: text(row.status) }),
        ...(row.slot instanceof Date ? { slot: row.slot.toISOString() } : {}),
        ...(text(row.pvcNamespace) === '' ? {} : { pvcNamespace: text(row.pvcNamespace) }),
        ...(text(row.pvcName) === '' ? {} : { pvcName: text(row.pvcName) }),
      });
    }
  } catch (error) {
    // A catalog that was never created has no rows (the 404 comes with the first page, before any row).
    if (isRestError(error) && error.statusCode === 404) return;
    throw error;
  }
}

/** Every row of the catalog (see forEachCatalogEntry). */
export async function readCatalogEntries(table: TableClient): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  await forEachCatalogEntry(table, (entry) => entries.push(entry));
  return entries;
}

/** The latest `failed` audit event of each disk: one partition query per disk (the audit table's access path). */
export async function readLastFailures(
  table: TableClient,
  diskIds: readonly string[],
): Promise<{ diskId: string; at: string; message: string }[]> {
  const failures: { diskId: string; at: string; message: string }[] = [];
  for (const diskId of diskIds) {
    let latest: { at: string; message: string } | undefined;
    try {
      for await (const event of table.listEntities<{ kind?: string; at?: Date; message?: string }>({
        queryOptions: { filter: odata`PartitionKey eq ${auditPartitionKey(diskId)} and kind eq 'failed'` },
      })) {
        const at = event.at instanceof Date ? event.at.toISOString() : '';
        if (latest === undefined || at > latest.at) latest = { at, message: event.message ?? '' };
      }
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return [];
      throw error;
    }
    if (latest !== undefined) failures.push({ diskId, ...latest });
  }
  return failures;
}
