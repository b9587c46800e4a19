/**
 * Activity: a batch of one subscription's backup results written to storage,
 * catalog rows first (what exists), then the audit records (what happened).
 * Both are upserts with keys fixed by the run, so a retried batch rewrites the
 * same rows and records.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { tableClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { writeAuditRecords, writeCatalogRows } from '../azure/catalogStore';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { auditRecordsOf, catalogRowsOf, type RecordedDisk } from '../domain/backupRecords';

export const RECORD_BACKUP_RESULTS = 'recordBackupResults';

const recordedRow = z.object({
  status: z.enum(['creating', 'succeeded', 'copying']),
  uniqueId: z.string(),
  location: z.string().min(1),
  retentionDays: z.number().int().positive(),
  expiresOn: z.iso.datetime(),
  snapshotId: z.string().min(1).optional(),
  pvcNamespace: z.string().optional(),
  pvcName: z.string().optional(),
});

const recordedDisk = z.object({
  diskId: z.string().min(1),
  snapshotName: z.string().min(1),
  outcome: z.enum(['created', 'exists', 'failed', 'skipped']),
  message: z.string().optional(),
  warning: z.string().optional(),
  durationMs: z.number().optional(),
  row: recordedRow.optional(),
});

const input = z.object({
  account: z.string().min(1),
  catalogTable: z.string().min(1),
  auditTable: z.string().min(1),
  subscriptionId: z.string().min(1),
  backupResourceGroup: z.string().min(1),
  partitionKey: z.string().min(1),
  slotUtc: z.iso.datetime(),
  runId: z.string().min(1),
  incremental: z.boolean(),
  at: z.iso.datetime(),
  disks: z.array(recordedDisk),
});

/** Drops the keys zod reports as present-but-undefined, so the types match exactly. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Answers with the number of table transactions it took. */
export async function recordBackupResults(raw: unknown): Promise<AzureCallResult<number>> {
  const task = input.parse(raw);
  const disks: RecordedDisk[] = task.disks.map(({ row, ...disk }) => ({
    ...withoutUndefined(disk),
    ...(row === undefined ? {} : { row: withoutUndefined(row) }),
  }));
  return azureCall(async () => {
    const catalog = await writeCatalogRows(
      tableClient(azureContext(), task.account, task.catalogTable, { maxRetries: 0 }),
      catalogRowsOf(task, disks),
    );
    const audit = await writeAuditRecords(
      tableClient(azureContext(), task.account, task.auditTable, { maxRetries: 0 }),
      auditRecordsOf(task, disks),
    );
    return catalog + audit;
  });
}

df.app.activity(RECORD_BACKUP_RESULTS, { handler: recordBackupResults });
