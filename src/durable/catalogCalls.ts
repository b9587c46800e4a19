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
import type { RowKeyPair } from '../azure/catalogStore';
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

/** One table's share of a write: `activity` gets `{account, table, [field]: batch}` per batch of `items`. */
export interface BatchedWrite {
  readonly activity: string;
  readonly target: { readonly account: string; readonly table: string };
  readonly field: string;
  readonly items: readonly unknown[];
}

export function auditWrite(
  account: string,
  table: string,
  records: readonly AuditRecordJson[],
): BatchedWrite {
  return { activity: WRITE_AUDIT, target: { account, table }, field: 'records', items: records };
}

export function catalogWrite(account: string, table: string, rows: readonly CatalogRowJson[]): BatchedWrite {
  return { activity: WRITE_CATALOG, target: { account, table }, field: 'rows', items: rows };
}

export function catalogRemoval(account: string, table: string, keys: readonly RowKeyPair[]): BatchedWrite {
  return { activity: REMOVE_CATALOG_ROWS, target: { account, table }, field: 'keys', items: keys };
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
  const batches: { table: string; activity: string; input: object }[] = [];
  for (const { activity, target, field, items } of writes) {
    for (let i = 0; i < items.length; i += WRITE_BATCH) {
      batches.push({
        table: target.table,
        activity,
        input: { ...target, [field]: items.slice(i, i + WRITE_BATCH) },
      });
    }
  }
  for (let first = 0; first < batches.length; first += WRITES_IN_FLIGHT) {
    yield* writeTogether(context, batches.slice(first, first + WRITES_IN_FLIGHT));
  }
}

function* writeTogether(
  context: OrchestrationContext,
  batches: readonly { table: string; activity: string; input: object }[],
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
    if (written.outcome !== 'ok')
      throw new Error(`The ${batch.table} table is unreachable: ${written.reason}`);
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
