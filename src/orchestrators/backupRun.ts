/**
 * The backup run of one slot: prepare the catalog (an unreachable catalog
 * fails the run before any snapshot is taken), take the inventory, plan (pure,
 * so every replay plans the same), then one sub-orchestration per subscription
 * (ARM's write quota is per subscription, so subscriptions run side by side),
 * and a summary. One bad disk never fails the run; only the inventory or the
 * catalog being unreachable does, with a clear error.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { INVENTORY_DISKS } from '../activities/inventoryDisks';
import { planBackup, type InventoryDisk } from '../domain/backupPlan';
import {
  applyFilters,
  bySubscription,
  summarize,
  type BackupRunInput,
  type BackupRunSummary,
  type DiskResult,
} from '../domain/backupRun';
import { callAzureActivity, failureReason, logOnce } from '../durable/activityCalls';
import { prepareCatalogOrFail } from '../durable/catalogCalls';
import { BACKUP_SUBSCRIPTION, type SubscriptionInput } from './backupSubscription';

export const BACKUP_RUN = 'backupRun';
/** Disks per chunk sub-orchestration: keeps every history to a few thousand events. */
export const CHUNK_SIZE = 200;

export function* backupRun(context: OrchestrationContext): Generator<Task, BackupRunSummary, unknown> {
  const input = context.df.getInput<BackupRunInput>();
  const { settings } = input;
  context.df.setCustomStatus({ phase: 'preparing' });

  const catalogAccount = yield* prepareCatalogOrFail(context, settings, !input.dryRun);

  const inventory = yield* callAzureActivity<InventoryDisk[]>(context, INVENTORY_DISKS, {
    subscriptionIds: settings.subscriptionIds,
  });
  if (inventory.outcome !== 'ok') throw new Error(`The disk inventory failed: ${inventory.reason}`);

  const slotUtc = new Date(input.slot.utc);
  const plan = planBackup(
    applyFilters(inventory.value, input.filters),
    { kind: 'backup', utc: slotUtc, scheduled: input.slot.scheduled, timeZone: input.slot.timeZone },
    settings,
  );
  const total = plan.snapshots.length;
  logOnce(context, {
    runId: input.runId,
    phase: 'planned',
    disks: total,
    notUnderstood: plan.notUnderstood.length,
    dryRun: input.dryRun,
  });

  const subscriptions = [...bySubscription(plan.snapshots).entries()];
  const tasks = subscriptions.map(([subscriptionId, planned]) => {
    const subscriptionInput: SubscriptionInput = {
      runId: input.runId,
      slotUtc: input.slot.utc,
      dryRun: input.dryRun,
      subscriptionId,
      backupResourceGroup: settings.backupResourceGroup,
      incremental: settings.incremental,
      catalogAccount,
      catalogTable: settings.catalogTableName,
      auditTable: settings.auditTableName,
      planned,
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
  context.df.setCustomStatus({ phase: 'snapshots', total, subscriptions: subscriptions.length });
  try {
    yield context.df.Task.all(tasks);
  } catch {
    const failed = tasks.find((task) => task.isFaulted);
    // Only an unreachable catalog or audit table fails a subscription; the run reports it as its own failure.
    throw new Error(failureReason(failed?.result).replace(/^Orchestrator function '\w+' failed: /, ''));
  }
  const disks: DiskResult[] = tasks.flatMap((task) => task.result as DiskResult[]);

  const summary = summarize(input.runId, input.slot, input.dryRun, disks, plan.notUnderstood);
  context.df.setCustomStatus({ phase: 'done', total, ...summary.counts });
  logOnce(context, { runId: input.runId, phase: 'done', ...summary.counts });
  return summary;
}

df.app.orchestration(BACKUP_RUN, backupRun);
