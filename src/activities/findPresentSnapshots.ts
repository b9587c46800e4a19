/**
 * Activity: which of some snapshots Resource Graph still shows — how cleanup
 * confirms accepted deletes in bulk (200 ids a query) instead of listing a
 * backup group that holds every night's snapshots (300 pages for 30,000, past
 * ARM's read quota) or sending a GET each. Resource Graph may show a deleted
 * snapshot for a while after it is gone, never the reverse for an old one, so
 * its lag only delays a row's removal; and reconcile re-checks with a GET.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findSnapshotsById } from '../azure/snapshotInventory';

export const FIND_PRESENT_SNAPSHOTS = 'findPresentSnapshots';

const input = z.object({ subscriptionIds: z.array(z.string().min(1)), ids: z.array(z.string().min(1)) });
export type FindPresentSnapshotsInput = z.infer<typeof input>;

/** The lower-cased ids of those still present. */
export async function findPresentSnapshots(raw: unknown): Promise<AzureCallResult<string[]>> {
  const task = input.parse(raw);
  return azureCall(async () =>
    (
      await findSnapshotsById(
        resourceGraphClient(azureContext(), { maxRetries: 0 }),
        task.subscriptionIds,
        task.ids,
      )
    ).map((snapshot) => snapshot.id.toLowerCase()),
  );
}

df.app.activity(FIND_PRESENT_SNAPSHOTS, { handler: findPresentSnapshots });
