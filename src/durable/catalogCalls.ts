/**
 * Catalog and audit table calls orchestrators share. An unreachable catalog
 * fails the run with a clear error: without it nothing could be recorded.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { PREPARE_CATALOG, WRITE_AUDIT, type AuditRecordJson } from '../activities/catalogActivities';
import { callAzureActivity } from './activityCalls';

/** Rows or records per activity call: keeps each message small. */
export const WRITE_BATCH = 500;

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

/** Calls `activity` with `{account, table, [field]: batch}` for each batch of `items`; fails the run when unreachable. */
export function* writeInBatches(
  context: OrchestrationContext,
  activity: string,
  target: { readonly account: string; readonly table: string },
  field: string,
  items: readonly unknown[],
): Generator<Task, void, unknown> {
  for (let i = 0; i < items.length; i += WRITE_BATCH) {
    const written = yield* callAzureActivity<number>(context, activity, {
      ...target,
      [field]: items.slice(i, i + WRITE_BATCH),
    });
    if (written.outcome !== 'ok')
      throw new Error(`The ${target.table} table is unreachable: ${written.reason}`);
  }
}

export function* writeAuditRecords(
  context: OrchestrationContext,
  account: string,
  table: string,
  records: readonly AuditRecordJson[],
): Generator<Task, void, unknown> {
  yield* writeInBatches(context, WRITE_AUDIT, { account, table }, 'records', records);
}
