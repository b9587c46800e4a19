/** Activities reconcile uses: find its work (catalog and Azure compared), adopt a legacy snapshot. */
import * as df from 'durable-functions';
import { z } from 'zod';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { computeClient, resourceGraphClient, tableClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { forEachCatalogEntry } from '../azure/catalogStore';
import { findSnapshotsById, forEachOurSnapshot } from '../azure/snapshotInventory';
import { addSnapshotTags } from '../azure/snapshotStore';
import type { OurSnapshot } from '../domain/cleanupPlan';
import { isLegacy, planReconcile, type CatalogEntry, type ReconcilePlan } from '../domain/reconcilePlan';
import { ReconcileSettlement } from '../domain/reconcileSettlement';

export const FIND_RECONCILE_WORK = 'findReconcileWork';
export const ADOPT_SNAPSHOT = 'adoptSnapshot';

const workInput = z.object({
  account: z.string().min(1),
  table: z.string().min(1),
  subscriptionIds: z.array(z.string()),
  timeZone: z.string().min(1),
  backupResourceGroup: z.string().min(1),
  defaultRetentionDays: z.number().int().positive(),
  runId: z.string().min(1),
});
export type FindReconcileWorkInput = z.infer<typeof workInput>;

export interface ReconcileWork {
  readonly plan: ReconcilePlan;
  readonly rows: number;
  readonly snapshots: number;
}

/**
 * Compares the whole catalog with every snapshot of ours, here in the activity:
 * only the differences (none in the steady state) go into the orchestration
 * history. Both are read page by page and the pairs that agree are set aside as
 * they pass (see ReconcileSettlement), so memory follows the differences, not
 * the fleet's history. The snapshots are read a second time only when some of
 * them have no agreeing row.
 */
export async function findReconcileWork(raw: unknown): Promise<AzureCallResult<ReconcileWork>> {
  const task = workInput.parse(raw);
  return azureCall(async () => {
    const graph = resourceGraphClient(azureContext(), { maxRetries: 0 });
    const settlement = new ReconcileSettlement();
    await forEachOurSnapshot(graph, task.subscriptionIds, (snapshot) => {
      settlement.noteSnapshot(snapshot);
    });
    const rows: CatalogEntry[] = [];
    let rowCount = 0;
    await forEachCatalogEntry(
      tableClient(azureContext(), task.account, task.table, { maxRetries: 0 }),
      (row) => {
        rowCount += 1;
        if (settlement.keepRow(row)) rows.push(row);
      },
    );
    const ours: OurSnapshot[] = [];
    if (settlement.snapshotsToKeep > 0) {
      await forEachOurSnapshot(graph, task.subscriptionIds, (snapshot) => {
        if (settlement.keepSnapshot(snapshot)) ours.push(snapshot);
      });
    }
    const legacyIds = rows.filter(isLegacy).map((row) => row.azureSnapshotResourceId);
    const legacyTargets =
      legacyIds.length === 0 ? [] : await findSnapshotsById(graph, task.subscriptionIds, legacyIds);
    const plan = planReconcile(rows, ours, legacyTargets, task);
    return { plan, rows: rowCount, snapshots: settlement.snapshotCount };
  });
}

const adoptInput = z.object({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  tags: z.record(z.string(), z.string()),
});

export type AdoptResult =
  | { readonly outcome: 'adopted' }
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly outcome: 'failed'; readonly reason: string };

/** Gives a legacy snapshot our marker and expiry; from then on it follows the normal rules. */
export async function adoptSnapshot(raw: unknown): Promise<AdoptResult> {
  const task = adoptInput.parse(raw);
  const compute = computeClient(azureContext(), task.subscriptionId, { maxRetries: 0 });
  const result = await azureCall(() => addSnapshotTags(compute, task.resourceGroup, task.name, task.tags));
  return result.outcome === 'ok' ? { outcome: 'adopted' } : result;
}

df.app.activity(FIND_RECONCILE_WORK, { handler: findReconcileWork });
df.app.activity(ADOPT_SNAPSHOT, { handler: adoptSnapshot });
