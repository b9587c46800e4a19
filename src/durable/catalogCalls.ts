/**
 * Catalog and audit table calls orchestrators share. An unreachable catalog
 * fails the run with a clear error: without it nothing could be recorded.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  PREPARE_CATALOG,
  REMOVE_CATALOG_ROWS,
  WRITE_AUDIT,
  WRITE_CATALOG,
  type AuditRecordJson,
  type CatalogRowJson,
} from '../activities/catalogActivities';
import { RECORD_BACKUP_RESULTS } from '../activities/recordBackupResults';
import type { RowKeyPair } from '../azure/catalogStore';
import type { BackupRecordCommon, RecordedDisk } from '../domain/backupRecords';
import type { AzureCallResult } from '../azure/azureCall';
import { callAzureActivity, failureReason, transientRetry } from './activityCalls';

/**
 * Rows or records per activity call. Large enough that a 10,000-disk subscription wakes for only a few
 * answers, small enough that a message stays around a megabyte.
 */
export const WRITE_BATCH = 2_000;

export interface CatalogSettings {
  readonly subscriptionIds: readonly string[];
  readonly catalogStorageAccount: string;
  readonly catalogTableName: string;
  readonly auditTableName: string;
}

/** The catalog account; with `createTables` the catalog and audit tables exist afterwards. */
export function* prepareCatalogOrFail(
  context: OrchestrationContext,
  settings: CatalogSettings,
  createTables: boolean,
): Generator<Task, string, unknown> {
  const catalog = yield* callAzureActivity<string>(context, PREPARE_CATALOG, {
    subscriptionIds: settings.subscriptionIds,
    configuredAccount: settings.catalogStorageAccount,
    tables: [settings.catalogTableName, settings.auditTableName],
    createTables,
  });
  if (catalog.outcome !== 'ok') throw new Error(`The catalog is unreachable: ${catalog.reason}`);
  return catalog.value;
}

/**
 * One share of a write: `activity` gets `{...common, [field]: batch}` per batch of `items`; `destination`
 * names what could not be written to when a batch fails.
 */
export interface BatchedWrite {
  readonly activity: string;
  readonly common: object;
  readonly field: string;
  readonly items: readonly unknown[];
  readonly destination: string;
}

export function auditWrite(
  account: string,
  table: string,
  records: readonly AuditRecordJson[],
): BatchedWrite {
  return tableWrite(WRITE_AUDIT, account, table, 'records', records);
}

export function catalogWrite(account: string, table: string, rows: readonly CatalogRowJson[]): BatchedWrite {
  return tableWrite(WRITE_CATALOG, account, table, 'rows', rows);
}

/** A subscription's backup results: each batch's catalog rows, then its audit records (see recordBackupResults). */
export function backupResultsWrite(
  target: { readonly account: string; readonly catalogTable: string; readonly auditTable: string },
  common: BackupRecordCommon,
  disks: readonly RecordedDisk[],
): BatchedWrite {
  return {
    activity: RECORD_BACKUP_RESULTS,
    common: { ...target, ...common },
    field: 'disks',
    items: disks,
    destination: `the ${target.catalogTable} and ${target.auditTable} tables`,
  };
}

function tableWrite(
  activity: string,
  account: string,
  table: string,
  field: string,
  items: readonly unknown[],
): BatchedWrite {
  return { activity, common: { account, table }, field, items, destination: `the ${table} table` };
}

export function catalogRemoval(account: string, table: string, keys: readonly RowKeyPair[]): BatchedWrite {
  return tableWrite(REMOVE_CATALOG_ROWS, account, table, 'keys', keys);
}

/**
 * Batches in flight at once. Each is a few megabytes while it is written (its rows parsed, turned into
 * entities and change sets), so all of a 10,000-disk subscription's at once was its peak memory; four keep
 * the caller waking only a few times.
 */
export const WRITES_IN_FLIGHT = 4;

/**
 * Sends the batches of every write, WRITES_IN_FLIGHT at a time, and fails the run when a table is
 * unreachable. Sent together, their answers come back in a few episodes instead of one episode per batch:
 * each episode replays the caller's whole history, which at 10,000 disks is large. A batch that was
 * throttled is sent again on its own after its Retry-After.
 */
export function* writeInBatches(
  context: OrchestrationContext,
  ...writes: readonly BatchedWrite[]
): Generator<Task, void, unknown> {
  const batches: Batch[] = [];
  for (const { activity, common, field, items, destination } of writes) {
    for (let i = 0; i < items.length; i += WRITE_BATCH) {
      batches.push({
        destination,
        activity,
        input: { ...common, [field]: items.slice(i, i + WRITE_BATCH) },
      });
    }
  }
  for (let first = 0; first < batches.length; first += WRITES_IN_FLIGHT) {
    yield* writeTogether(context, batches.slice(first, first + WRITES_IN_FLIGHT));
  }
}

interface Batch {
  readonly destination: string;
  readonly activity: string;
  readonly input: object;
}

function* writeTogether(
  context: OrchestrationContext,
  batches: readonly Batch[],
): Generator<Task, void, unknown> {
  const tasks = batches.map(({ activity, input }) =>
    context.df.callActivityWithRetry(activity, transientRetry(), input),
  );
  try {
    yield context.df.Task.all(tasks);
  } catch {
    // A batch exhausted its retries; every batch is collected one by one below.
  }
  for (const [index, task] of tasks.entries()) {
    const batch = batches[index];
    if (batch === undefined) continue;
    let written: AzureCallResult<number>;
    try {
      written = (yield task) as AzureCallResult<number>;
    } catch (error) {
      written = {
        outcome: 'failed',
        reason: `still failing after ${transientRetry().maxNumberOfAttempts} attempts: ${failureReason(error).replace(/^Activity function '\w+' failed: /, '')}`,
      };
    }
    if (written.outcome === 'throttled') {
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + written.retryAfterMs));
      written = yield* callAzureActivity<number>(context, batch.activity, batch.input);
    }
    if (written.outcome !== 'ok') throw new Error(`Cannot write to ${batch.destination}: ${written.reason}`);
  }
}

export function* writeAuditRecords(
  context: OrchestrationContext,
  account: string,
  table: string,
  records: readonly AuditRecordJson[],
): Generator<Task, void, unknown> {
  yield* writeInBatches(context, auditWrite(account, table, records));
}
