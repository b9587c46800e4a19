/**
 * The cleanup run of one slot: prepare the catalog, find our expired snapshots
 * (by absolute expiry, so missed days are caught up in one run) with the other
 * snapshots of their disks and whether the disks exist, plan (pure: marker,
 * backup group, expiry, minimum keep), then one `cleanupSubscription` per
 * subscription. A dry run lists what would be deleted and why the rest is
 * kept, and changes nothing.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { FIND_CLEANUP_INVENTORY } from '../activities/findCleanupInventory';
import type { CleanupInventory } from '../azure/snapshotInventory';
import { planCleanup, type DeletionTarget, type OurSnapshot } from '../domain/cleanupPlan';
import {
  summarizeCleanup,
  type CleanupRunInput,
  type CleanupRunSummary,
  type SnapshotResult,
} from '../domain/cleanupRun';
import { callAzureActivity, failureReason, logOnce } from '../durable/activityCalls';
import { prepareCatalogOrFail } from '../durable/catalogCalls';
import type { ReconcileRunInput, ReconcileSummary } from '../domain/reconcileRun';
import { CLEANUP_SUBSCRIPTION, type CleanupSubscriptionInput } from './cleanupSubscription';
import { RECONCILE_RUN } from './reconcileRun';

export const CLEANUP_RUN = 'cleanupRun';

export function* cleanupRun(context: OrchestrationContext): Generator<Task, CleanupRunSummary, unknown> {
  const input = context.df.getInput<CleanupRunInput>();
  const { settings } = input;
  context.df.setCustomStatus({ phase: 'preparing' });
  const catalogAccount = yield* prepareCatalogOrFail(context, settings, !input.dryRun);

  const inventory = yield* callAzureActivity<CleanupInventory>(context, FIND_CLEANUP_INVENTORY, {
    subscriptionIds: settings.subscriptionIds,
    now: input.slot.utc,
    minimumKeep: settings.minimumKeep,
  });
  if (inventory.outcome !== 'ok') throw new Error(`The snapshot inventory failed: ${inventory.reason}`);

  const plan = planCleanup(inventory.value.expired, inventory.value.siblings, inventory.value.liveDisks, {
    now: new Date(input.slot.utc),
    minimumKeep: settings.minimumKeep,
    backupResourceGroup: settings.backupResourceGroup,
  });
  const describe = (snapshot: OurSnapshot) => ({
    snapshotId: snapshot.id,
    name: snapshot.name,
    subscriptionId: snapshot.subscriptionId,
    diskId: snapshot.sourceResourceId,
  });
  const results: SnapshotResult[] = plan.kept.map(({ snapshot, reason }) => ({
    ...describe(snapshot),
    outcome: 'kept',
    reason:
      reason === 'minimum-keep'
        ? 'minimum keep: the newest complete snapshot of a disk that still exists'
        : reason,
  }));
  logOnce(context, {
    runId: input.runId,
    phase: 'planned',
    toDelete: plan.toDelete.length,
    kept: plan.kept.length,
    dryRun: input.dryRun,
  });

  if (input.dryRun) {
    for (const snapshot of plan.toDelete) {
      results.push({
        ...describe(snapshot),
        outcome: 'would-delete',
        reason: 'ours, in the backup resource group, expired',
      });
    }
    return summarizeCleanup(input.runId, input.slot, true, results);
  }

  const bySubscription = new Map<string, DeletionTarget[]>();
  for (const snapshot of plan.toDelete) {
    const list = bySubscription.get(snapshot.subscriptionId.toLowerCase()) ?? [];
    list.push({
      id: snapshot.id,
      name: snapshot.name,
      subscriptionId: snapshot.subscriptionId,
      resourceGroup: snapshot.resourceGroup,
      location: snapshot.location,
      sourceResourceId: snapshot.sourceResourceId,
      tags: snapshot.tags,
    });
    bySubscription.set(snapshot.subscriptionId.toLowerCase(), list);
  }
  const tasks = [...bySubscription.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([subscriptionId, snapshots]) => {
      const subscriptionInput: CleanupSubscriptionInput = {
        runId: input.runId,
        now: input.slot.utc,
        timeZone: input.slot.timeZone,
        subscriptionId,
        backupResourceGroup: settings.backupResourceGroup,
        catalogAccount,
        catalogTable: settings.catalogTableName,
        auditTable: settings.auditTableName,
        snapshots,
      };
      return context.df.callSubOrchestrator(
        CLEANUP_SUBSCRIPTION,
        subscriptionInput,
        `${context.df.instanceId}:${subscriptionId}`,
      );
    });
  context.df.setCustomStatus({ phase: 'deleting', total: plan.toDelete.length, kept: plan.kept.length });
  if (tasks.length > 0) {
    try {
      yield context.df.Task.all(tasks);
    } catch {
      const failed = tasks.find((task) => task.isFaulted);
      throw new Error(failureReason(failed?.result).replace(/^Orchestrator function '\w+' failed: /, ''));
    }
  }
  for (const task of tasks) results.push(...(task.result as SnapshotResult[]));
  // Every cleanup ends with a reconcile, so catalog and Azure agree afterwards.
  context.df.setCustomStatus({ phase: 'reconciling' });
  const reconcile = (yield reconcileAfter(context, input)) as ReconcileSummary;
  const summary = { ...summarizeCleanup(input.runId, input.slot, false, results), reconcile };
  context.df.setCustomStatus({ phase: 'done', ...summary.counts });
  logOnce(context, { runId: input.runId, phase: 'done', ...summary.counts });
  return summary;
}

function reconcileAfter(context: OrchestrationContext, input: CleanupRunInput): Task {
  const reconcileInput: ReconcileRunInput = {
    runId: input.runId,
    slot: input.slot,
    dryRun: input.dryRun,
    settings: input.settings,
  };
  return context.df.callSubOrchestrator(RECONCILE_RUN, reconcileInput, `${context.df.instanceId}:reconcile`);
}

df.app.orchestration(CLEANUP_RUN, cleanupRun);
