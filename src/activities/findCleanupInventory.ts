/**
 * Activity: our expired snapshots, their disks' other snapshots and which of
 * those disks exist (Resource Graph), each snapshot with only the tags cleanup
 * reads: the answer stays in the run's history.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findCleanupInventory as queryInventory, type CleanupInventory } from '../azure/snapshotInventory';
import { tagsCleanupReads, type OurSnapshot } from '../domain/cleanupPlan';

export const FIND_CLEANUP_INVENTORY = 'findCleanupInventory';

const input = z.object({
  subscriptionIds: z.array(z.string()),
  now: z.iso.datetime(),
  minimumKeep: z.number().int().min(0),
});

export async function findCleanupInventory(raw: unknown): Promise<AzureCallResult<CleanupInventory>> {
  const task = input.parse(raw);
  return azureCall(async () => {
    const found = await queryInventory(
      resourceGraphClient(azureContext(), { maxRetries: 0 }),
      task.subscriptionIds,
      new Date(task.now),
      task.minimumKeep,
    );
    const narrowed = (snapshot: OurSnapshot): OurSnapshot => ({
      ...snapshot,
      tags: tagsCleanupReads(snapshot.tags),
    });
    return { ...found, expired: found.expired.map(narrowed), siblings: found.siblings.map(narrowed) };
  });
}

df.app.activity(FIND_CLEANUP_INVENTORY, { handler: findCleanupInventory });
