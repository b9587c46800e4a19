/**
 * Reconcile: afterwards the catalog and Azure agree. Marked snapshots without a
 * row get their row back from their tags; rows whose snapshot is gone (a direct
 * GET says 404 — Resource Graph's word alone is not enough, it lags) are removed
 * with an audit record; rows and snapshots that disagree are reported. Rows the
 * original PowerShell solution wrote are migrated: their snapshot is adopted
 * (marker + expiry tags) when the row names its exact id, it lies in the backup
 * resource group and its source disk matches; a legacy row whose snapshot is
 * gone is removed. Nothing without a legacy row is adopted. Runs at the end of
 * every cleanup, and on its own through the HTTP starter.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { AuditRecordJson } from '../activities/catalogActivities';
import { CONFIRM_SNAPSHOT_GONE, type DeleteResult } from '../activities/deleteExpiredSnapshot';
import {
  ADOPT_SNAPSHOT,
  FIND_RECONCILE_WORK,
  type AdoptResult,
  type FindReconcileWorkInput,
  type ReconcileWork,
} from '../activities/reconcileActivities';
import { isLegacy, type CatalogEntry, type RowToWrite } from '../domain/reconcilePlan';
import type { ReconcileRunInput, ReconcileSummary } from '../domain/reconcileRun';
import { parseResourceId } from '../domain/resourceIds';
import { callAzureActivity, logOnce } from '../durable/activityCalls';
import {
  catalogRemoval,
  catalogWrite,
  prepareCatalogOrFail,
  writeAuditRecords,
  writeInBatches,
} from '../durable/catalogCalls';
import { runPacedWaves } from '../durable/quotaPacedWaves';

export const RECONCILE_RUN = 'reconcileRun';

export function* reconcileRun(context: OrchestrationContext): Generator<Task, ReconcileSummary, unknown> {
  const input = context.df.getInput<ReconcileRunInput>();
  const { settings } = input;
  const account = yield* prepareCatalogOrFail(context, settings, !input.dryRun);
  const catalog = { account, table: settings.catalogTableName };

  const workInput: FindReconcileWorkInput = {
    ...catalog,
    subscriptionIds: [...settings.subscriptionIds],
    timeZone: input.slot.timeZone,
    backupResourceGroup: settings.backupResourceGroup,
    defaultRetentionDays: settings.defaultRetentionDays,
    runId: input.runId,
  };
  const work = yield* callAzureActivity<ReconcileWork>(context, FIND_RECONCILE_WORK, workInput);
  if (work.outcome !== 'ok') throw new Error(`Reconcile could not read the catalog or Azure: ${work.reason}`);
  const { plan } = work.value;
  const reports = plan.reports.map(({ rowKey, problem }) => ({ rowKey, problem }));
  const removed: { row: CatalogEntry; reason: string }[] = [];

  // Rows Resource Graph did not match: removed only when a direct GET confirms the snapshot is gone.
  const checkable = plan.checkGone.filter(
    (row) => parseResourceId(row.azureSnapshotResourceId) !== undefined,
  );
  for (const row of plan.checkGone.filter((r) => !checkable.includes(r))) {
    reports.push({
      rowKey: row.rowKey,
      problem: `the row names no snapshot id: "${row.azureSnapshotResourceId}"`,
    });
  }
  const checks = yield* runPacedWaves<DeleteResult>(
    context,
    CONFIRM_SNAPSHOT_GONE,
    checkable.map((row) => {
      const parts = parseResourceId(row.azureSnapshotResourceId);
      return {
        subscriptionId: parts?.subscriptionId,
        resourceGroup: parts?.resourceGroup,
        name: parts?.name,
      };
    }),
  );
  for (const [index, check] of checks.entries()) {
    const row = checkable[index];
    if (row === undefined) continue;
    if (check.result.outcome === 'gone') {
      removed.push({
        row,
        reason: isLegacy(row)
          ? 'legacy row whose snapshot no longer exists'
          : 'the snapshot no longer exists',
      });
    } else {
      reports.push({
        rowKey: row.rowKey,
        problem: `the snapshot exists but was not listed (${check.result.outcome}); the row is kept`,
      });
    }
  }

  const adopted: RowToWrite[] = [];
  if (!input.dryRun && plan.adopt.length > 0) {
    const outcomes = yield* runPacedWaves<AdoptResult>(
      context,
      ADOPT_SNAPSHOT,
      plan.adopt.map((a) => ({
        subscriptionId: a.snapshot.subscriptionId,
        resourceGroup: a.snapshot.resourceGroup,
        name: a.snapshot.name,
        tags: a.tags,
      })),
    );
    for (const [index, outcome] of outcomes.entries()) {
      const adoption = plan.adopt[index];
      if (adoption === undefined) continue;
      if (outcome.result.outcome === 'adopted') adopted.push(adoption.newRow);
      else
        reports.push({
          rowKey: adoption.row.rowKey,
          problem: `adoption failed: ${'reason' in outcome.result ? outcome.result.reason : ''}`,
        });
      if (adoption.warning !== undefined)
        reports.push({ rowKey: adoption.row.rowKey, problem: adoption.warning });
    }
  }

  const summary: ReconcileSummary = {
    runId: input.runId,
    dryRun: input.dryRun,
    counts: {
      rows: work.value.rows,
      snapshots: work.value.snapshots,
      restored: plan.restore.length,
      removed: removed.length,
      adopted: input.dryRun ? plan.adopt.length : adopted.length,
      reported: reports.length,
    },
    restored: plan.restore.map((row) => row.rowKey),
    removed: removed.map(({ row, reason }) => ({ rowKey: row.rowKey, reason })),
    adopted: input.dryRun ? plan.adopt.map((a) => a.row.rowKey) : adopted.map((row) => row.rowKey),
    reports,
  };
  if (input.dryRun) return summary;

  yield* writeInBatches(
    context,
    catalogWrite(catalog.account, catalog.table, [...plan.restore, ...adopted]),
    catalogRemoval(
      catalog.account,
      catalog.table,
      removed.map(({ row }) => ({ partitionKey: row.partitionKey, rowKey: row.rowKey })),
    ),
  );
  const at = context.df.currentUtcDateTime.toISOString();
  const records: AuditRecordJson[] = [
    ...plan.restore.map((row) => ({
      diskId: row.azureSourceDiskResourceId,
      at,
      runId: input.runId,
      kind: 'exists' as const,
      snapshotName: row.rowKey,
      message: 'reconcile: catalog row restored from the snapshot tags',
    })),
    ...removed.map(({ row, reason }) => ({
      diskId: row.azureSourceDiskResourceId,
      at,
      runId: input.runId,
      kind: 'deleted' as const,
      snapshotName: row.rowKey,
      message: `reconcile: catalog row removed: ${reason}`,
    })),
    ...adopted.map((row) => ({
      diskId: row.azureSourceDiskResourceId,
      at,
      runId: input.runId,
      kind: 'exists' as const,
      snapshotName: row.rowKey,
      message: 'reconcile: snapshot of the original solution adopted',
    })),
  ];
  yield* writeAuditRecords(context, account, settings.auditTableName, records);
  logOnce(context, { runId: input.runId, phase: 'reconciled', ...summary.counts });
  return summary;
}

df.app.orchestration(RECONCILE_RUN, reconcileRun);
