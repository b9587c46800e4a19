/**
 * Activity: the disks carrying the onboarding tag (any case), from Resource
 * Graph, as the plan needs them: only the fields and tags it reads, because
 * the answer stays in the run's history (about half the size of the full
 * descriptors at 10,000 disks).
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findDisksWithOnboardingTag } from '../azure/diskInventory';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { tagsThePlanReads, type InventoryDisk } from '../domain/backupPlan';

export const INVENTORY_DISKS = 'inventoryDisks';

const input = z.object({ subscriptionIds: z.array(z.string()) });

export async function inventoryDisks(raw: unknown): Promise<AzureCallResult<InventoryDisk[]>> {
  const { subscriptionIds } = input.parse(raw);
  return azureCall(async () =>
    (
      await findDisksWithOnboardingTag(
        resourceGraphClient(azureContext(), { maxRetries: 0 }),
        subscriptionIds,
      )
    ).map((disk): InventoryDisk => ({
      id: disk.id,
      name: disk.name,
      subscriptionId: disk.subscriptionId,
      location: disk.location,
      uniqueId: disk.uniqueId,
      tags: tagsThePlanReads(disk.tags),
    })),
  );
}

df.app.activity(INVENTORY_DISKS, { handler: inventoryDisks });
