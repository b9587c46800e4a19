/**
 * Activity: the check right before a chunk's deletes, for the whole chunk in
 * one Resource Graph query (200 ids) instead of a GET per snapshot, so cleanup
 * reads stay below one per expired snapshot. Graph shows a tag change within
 * seconds (about 30 s for nearly all changes); the check runs as the chunk
 * starts, not when the run was planned, and it re-reads the marker, the
 * resource group and the expiry from the live tags (see deleteGuard).
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findSnapshotsById } from '../azure/snapshotInventory';
import { deleteVerdict, type DeleteVerdict } from '../domain/deleteGuard';

export const RECHECK_BEFORE_DELETE = 'recheckBeforeDelete';

const input = z.object({
  subscriptionId: z.string().min(1),
  backupResourceGroup: z.string().min(1),
  now: z.iso.datetime(),
  ids: z.array(z.string().min(1)),
});
export type RecheckBeforeDeleteInput = z.infer<typeof input>;

/** One verdict per id, in the order of `ids`. */
export async function recheckBeforeDelete(raw: unknown): Promise<AzureCallResult<DeleteVerdict[]>> {
  const task = input.parse(raw);
  const now = new Date(task.now);
  return azureCall(async () => {
    const live = new Map(
      (
        await findSnapshotsById(
          resourceGraphClient(azureContext(), { maxRetries: 0 }),
          [task.subscriptionId],
          task.ids,
        )
      ).map((snapshot) => [snapshot.id.toLowerCase(), snapshot]),
    );
    return task.ids.map((id) => deleteVerdict(live.get(id.toLowerCase()), task.backupResourceGroup, now));
  });
}

df.app.activity(RECHECK_BEFORE_DELETE, { handler: recheckBeforeDelete });
