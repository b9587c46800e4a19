/**
 * Activities over the catalog and audit tables: find the account and make the
 * tables (once per run, so an unreachable catalog fails the run before any
 * snapshot is taken), then write rows and audit records in transactions.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { resourceGraphClient, tableClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import {
  ensureTable,
  findCatalogAccount,
  removeRows,
  writeAuditRecords,
  writeCatalogRows,
  type AuditKind,
  type AuditRecord,
  type CatalogRow,
} from '../azure/catalogStore';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import type { PlannedSnapshot } from '../domain/backupPlan';

export const PREPARE_CATALOG = 'prepareCatalog';
export const WRITE_CATALOG = 'writeCatalog';
export const WRITE_AUDIT = 'writeAudit';
export const REMOVE_CATALOG_ROWS = 'removeCatalogRows';

const prepareInput = z.object({
  subscriptionIds: z.array(z.string()),
  configuredAccount: z.string(),
  tables: z.array(z.string().min(1)),
  createTables: z.boolean(),
});

/** The catalog account name; with `createTables`, the tables exist afterwards. */
export async function prepareCatalog(raw: unknown): Promise<AzureCallResult<string>> {
  const task = prepareInput.parse(raw);
  return azureCall(async () => {
    const account = await findCatalogAccount(
      resourceGraphClient(azureContext(), { maxRetries: 0 }),
      task.subscriptionIds,
      task.configuredAccount,
    );
    if (task.createTables) {
      for (const table of task.tables)
        await ensureTable(tableClient(azureContext(), account, table, { maxRetries: 0 }));
    }
    return account;
  });
}

const isoDate = z.iso.datetime().transform((value) => new Date(value));

const catalogRow = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  azureSnapshotResourceId: z.string(),
  azureSourceDiskResourceId: z.string(),
  region: z.string(),
  retentionTime: z.string(),
  expiresOn: isoDate,
  status: z.enum(['creating', 'succeeded', 'copying']),
  subscriptionId: z.string(),
  incremental: z.boolean(),
  slot: isoDate,
  runId: z.string(),
  sourceUniqueId: z.string(),
  pvcNamespace: z.string().optional(),
  pvcName: z.string().optional(),
});

const writeCatalogInput = z.object({
  account: z.string().min(1),
  table: z.string().min(1),
  rows: z.array(catalogRow),
});

/** JSON form of a catalog row (dates as ISO strings), as orchestrators pass it. */
export type CatalogRowJson = Omit<CatalogRow, 'expiresOn' | 'slot'> & {
  readonly expiresOn: string;
  readonly slot: string;
};

/** The catalog row of a planned snapshot that exists (under `name`, which a rerun may have found differently named). */
export function catalogRowOf(
  item: PlannedSnapshot,
  found: {
    readonly name: string;
    readonly snapshotId: string;
    readonly status: CatalogRowJson['status'];
    readonly slotUtc: string;
    readonly runId: string;
  },
): CatalogRowJson {
  return {
    partitionKey: item.partitionKey,
    rowKey: found.name,
    azureSnapshotResourceId: found.snapshotId,
    azureSourceDiskResourceId: item.diskId,
    region: item.location,
    retentionTime: String(item.retentionDays),
    expiresOn: item.expiresOn,
    status: found.status,
    subscriptionId: item.subscriptionId,
    incremental: item.incremental,
    slot: found.slotUtc,
    runId: found.runId,
    sourceUniqueId: item.diskUniqueId,
    ...(item.pvcNamespace === undefined ? {} : { pvcNamespace: item.pvcNamespace }),
    ...(item.pvcName === undefined ? {} : { pvcName: item.pvcName }),
  };
}

export async function writeCatalog(raw: unknown): Promise<AzureCallResult<number>> {
  const task = writeCatalogInput.parse(raw);
  const rows: CatalogRow[] = task.rows.map(({ pvcNamespace, pvcName, ...row }) => ({
    ...row,
    ...(pvcNamespace === undefined ? {} : { pvcNamespace }),
    ...(pvcName === undefined ? {} : { pvcName }),
  }));
  return azureCall(() =>
    writeCatalogRows(tableClient(azureContext(), task.account, task.table, { maxRetries: 0 }), rows),
  );
}

const auditKinds: readonly AuditKind[] = ['created', 'exists', 'failed', 'warning', 'deleted', 'skipped'];
const auditRecord = z.object({
  diskId: z.string(),
  at: isoDate,
  runId: z.string(),
  kind: z.enum(auditKinds as [AuditKind, ...AuditKind[]]),
  snapshotName: z.string().optional(),
  message: z.string().optional(),
  durationMs: z.number().optional(),
});

const writeAuditInput = z.object({
  account: z.string().min(1),
  table: z.string().min(1),
  records: z.array(auditRecord),
});

export type AuditRecordJson = Omit<AuditRecord, 'at'> & { readonly at: string };

export async function writeAudit(raw: unknown): Promise<AzureCallResult<number>> {
  const task = writeAuditInput.parse(raw);
  const records: AuditRecord[] = task.records.map(({ snapshotName, message, durationMs, ...record }) => ({
    ...record,
    ...(snapshotName === undefined ? {} : { snapshotName }),
    ...(message === undefined ? {} : { message }),
    ...(durationMs === undefined ? {} : { durationMs }),
  }));
  return azureCall(() =>
    writeAuditRecords(tableClient(azureContext(), task.account, task.table, { maxRetries: 0 }), records),
  );
}

const removeInput = z.object({
  account: z.string().min(1),
  table: z.string().min(1),
  keys: z.array(z.object({ partitionKey: z.string(), rowKey: z.string() })),
});

/** Removes the rows of snapshots confirmed gone (a missing row is fine). */
export async function removeCatalogRows(raw: unknown): Promise<AzureCallResult<number>> {
  const task = removeInput.parse(raw);
  return azureCall(() =>
    removeRows(tableClient(azureContext(), task.account, task.table, { maxRetries: 0 }), task.keys),
  );
}

df.app.activity(PREPARE_CATALOG, { handler: prepareCatalog });
df.app.activity(REMOVE_CATALOG_ROWS, { handler: removeCatalogRows });
df.app.activity(WRITE_CATALOG, { handler: writeCatalog });
df.app.activity(WRITE_AUDIT, { handler: writeAudit });
