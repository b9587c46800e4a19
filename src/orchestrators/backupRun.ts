/**
 * The backup run of one slot: prepare the catalog (an unreachable catalog
 * fails the run before any snapshot is taken), find the scope (the
 * subscriptions with onboarded disks and the disk names shared between them),
 * then one sub-orchestration per subscription, which takes that subscription's
 * inventory and plans it (ARM's write quota is per subscription, so
 * subscriptions run side by side), and a summary. The run never holds the
 * fleet's inventory or plan: the last episode of every orchestrator stays in
 * the worker's memory until that orchestrator runs again. One bad disk never
 * fails the run; only the inventory or the catalog being unreachable does,
 * with a clear error.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { FIND_BACKUP_SCOPE, type FindBackupScopeInput } from '../activities/findBackupScope';
import { summarize, type BackupRunInput, type BackupRunSummary, type DiskResult } from '../domain/backupRun';
import type { BackupScope } from '../domain/backupScope';
import type { NotUnderstood } from '../domain/backupPlan';
import { callAzureActivity, failureReason, logOnce } from '../durable/activityCalls';
import { prepareCatalogOrFail } from '../durable/catalogCalls';
import { BACKUP_SUBSCRIPTION, type SubscriptionInput, type SubscriptionOutcome } from './backupSubscription';

export const BACKUP_RUN = 'backupRun';
/** Disks per chunk sub-orchestration: keeps every history to a few thousand events. */
export const CHUNK_SIZE = 200;

export function* backupRun(context: OrchestrationContext): Generator<Task, BackupRunSummary, unknown> {
  const input = context.df.getInput<BackupRunInput>();
  const { settings } = input;
  context.df.setCustomStatus({ phase: 'preparing' });

  const catalogAccount = yield* prepareCatalogOrFail(context, settings, !input.dryRun);

  const scopeQuery: FindBackupScopeInput = {
    subscriptionIds: settings.subscriptionIds,
    filters: input.filters,
  };
  const scope = yield* callAzureActivity<BackupScope>(context, FIND_BACKUP_SCOPE, scopeQuery);
  if (scope.outcome !== 'ok') throw new Error(`The disk inventory failed: ${scope.reason}`);

  const subscriptions = scope.value.subscriptionIds;
  const tasks = subscriptions.map((subscriptionId) => {
    const subscriptionInput: SubscriptionInput = {
      runId: input.runId,
      slot: input.slot,
      dryRun: input.dryRun,
      subscriptionId,
      filters: input.filters,
      sharedNames: scope.value.sharedNames,
      plan: {
        defaultRetentionDays: settings.defaultRetentionDays,
        snapshotsPerDay: settings.snapshotsPerDay,
        incremental: settings.incremental,
        backupResourceGroup: settings.backupResourceGroup,
      },
      catalogAccount,
      catalogTable: settings.catalogTableName,
      auditTable: settings.auditTableName,
      chunkSize: CHUNK_SIZE,
    };
    return context.df.callSubOrchestrator(
      BACKUP_SUBSCRIPTION,
      subscriptionInput,
      `${context.df.instanceId}:${subscriptionId}`,
    );
  });

  // Each subscription orchestration reports its own done/failed/pending as custom status, under
  // `{runId}:{subscriptionId}`; the run reports the totals when they are all in.
  context.df.setCustomStatus({ phase: 'snapshots', subscriptions: subscriptions.length });
  try {
    yield context.df.Task.all(tasks);
  } catch {
    const failed = tasks.find((task) => task.isFaulted);
    // Only a refused inventory or an unreachable catalog or audit table fails a subscription; the run reports it as its own failure.
    throw new Error(failureReason(failed?.result).replace(/^Orchestrator function '\w+' failed: /, ''));
  }
  const outcomes = tasks.map((task) => task.result as SubscriptionOutcome);
  const disks: DiskResult[] = outcomes.flatMap((outcome) => outcome.disks);
  const notUnderstood: NotUnderstood[] = outcomes.flatMap((outcome) => outcome.notUnderstood);

  const summary = summarize(input.runId, input.slot, input.dryRun, disks, notUnderstood);
  context.df.setCustomStatus({ phase: 'done', total: disks.length, ...summary.counts });
  logOnce(context, { runId: input.runId, phase: 'done', ...summary.counts });
  return summary;
}

df.app.orchestration(BACKUP_RUN, backupRun);
