/** Activity: our expired snapshots, their disks' other snapshots and which of those disks exist (Resource Graph). */
import * as df from 'durable-functions';
import { z } from 'zod';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findCleanupInventory as queryInventory, type CleanupInventory } from '../azure/snapshotInventory';

export const FIND_CLEANUP_INVENTORY = 'findCleanupInventory';

const input = z.object({
  subscriptionIds: z.array(z.string()),
  now: z.iso.datetime(),
  minimumKeep: z.number().int().min(0),
});

export async function findCleanupInventory(raw: unknown): Promise<AzureCallResult<CleanupInventory>> {
  const task = input.parse(raw);
  return azureCall(() =>
    queryInventory(
      resourceGraphClient(azureContext(), { maxRetries: 0 }),
      task.subscriptionIds,
      new Date(task.now),
      task.minimumKeep,
    ),
  );
}

df.app.activity(FIND_CLEANUP_INVENTORY, { handler: findCleanupInventory });
