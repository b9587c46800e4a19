/** Activities reconcile uses: read the catalog, list our snapshots, look up legacy snapshots, adopt one. */
import * as df from 'durable-functions';
import { z } from 'zod';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { computeClient, resourceGraphClient, tableClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { readCatalogEntries } from '../azure/catalogStore';
import { findOurSnapshots, findSnapshotsById } from '../azure/snapshotInventory';
import { addSnapshotTags } from '../azure/snapshotStore';
import type { OurSnapshot } from '../domain/cleanupPlan';
import type { CatalogEntry } from '../domain/reconcilePlan';

export const READ_CATALOG = 'readCatalog';
export const LIST_OUR_SNAPSHOTS = 'listOurSnapshots';
export const FIND_SNAPSHOTS_BY_ID = 'findSnapshotsById';
export const ADOPT_SNAPSHOT = 'adoptSnapshot';

const readInput = z.object({ account: z.string().min(1), table: z.string().min(1) });

export async function readCatalog(raw: unknown): Promise<AzureCallResult<CatalogEntry[]>> {
  const task = readInput.parse(raw);
  return azureCall(() =>
    readCatalogEntries(tableClient(azureContext(), task.account, task.table, { maxRetries: 0 })),
  );
}

const listInput = z.object({ subscriptionIds: z.array(z.string()) });

export async function listOurSnapshots(raw: unknown): Promise<AzureCallResult<OurSnapshot[]>> {
  const task = listInput.parse(raw);
  return azureCall(() =>
    findOurSnapshots(resourceGraphClient(azureContext(), { maxRetries: 0 }), task.subscriptionIds),
  );
}

const byIdInput = z.object({ subscriptionIds: z.array(z.string()), ids: z.array(z.string()) });

export async function snapshotsById(raw: unknown): Promise<AzureCallResult<OurSnapshot[]>> {
  const task = byIdInput.parse(raw);
  return azureCall(() =>
    findSnapshotsById(resourceGraphClient(azureContext(), { maxRetries: 0 }), task.subscriptionIds, task.ids),
  );
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

df.app.activity(READ_CATALOG, { handler: readCatalog });
df.app.activity(LIST_OUR_SNAPSHOTS, { handler: listOurSnapshots });
df.app.activity(FIND_SNAPSHOTS_BY_ID, { handler: snapshotsById });
df.app.activity(ADOPT_SNAPSHOT, { handler: adoptSnapshot });
