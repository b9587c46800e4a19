/** Activity: the disks carrying the onboarding tag (any case), from Resource Graph. */
import * as df from 'durable-functions';
import { z } from 'zod';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findDisksWithOnboardingTag, type DiskDescriptor } from '../azure/diskInventory';
import { azureCall, type AzureCallResult } from '../azure/azureCall';

export const INVENTORY_DISKS = 'inventoryDisks';

const input = z.object({ subscriptionIds: z.array(z.string()) });

export async function inventoryDisks(raw: unknown): Promise<AzureCallResult<DiskDescriptor[]>> {
  const { subscriptionIds } = input.parse(raw);
  return azureCall(() =>
    findDisksWithOnboardingTag(resourceGraphClient(azureContext(), { maxRetries: 0 }), subscriptionIds),
  );
}

df.app.activity(INVENTORY_DISKS, { handler: inventoryDisks });
