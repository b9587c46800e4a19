/**
 * Activity: the backup run's scope from one Resource Graph pass over the
 * onboarded disks (filters applied): the subscriptions to back up and the disk
 * names shared in scope. Each subscription then takes its own inventory, so
 * what this returns, and the run's history keeps, stays small at any fleet size.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findDisksWithOnboardingTag } from '../azure/diskInventory';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { applyFilters, type RunFilters } from '../domain/backupRun';
import { backupScopeOf, type BackupScope } from '../domain/backupScope';

export const FIND_BACKUP_SCOPE = 'findBackupScope';

const input = z.object({
  subscriptionIds: z.array(z.string()),
  filters: z.object({
    subscriptions: z.array(z.string()),
    resourceGroups: z.array(z.string()),
    disks: z.array(z.string()),
  }),
});
export interface FindBackupScopeInput {
  readonly subscriptionIds: readonly string[];
  readonly filters: RunFilters;
}

export async function findBackupScope(raw: unknown): Promise<AzureCallResult<BackupScope>> {
  const task = input.parse(raw);
  return azureCall(async () => {
    const disks = await findDisksWithOnboardingTag(
      resourceGraphClient(azureContext(), { maxRetries: 0 }),
      task.subscriptionIds,
    );
    return backupScopeOf(applyFilters(disks, task.filters));
  });
}

df.app.activity(FIND_BACKUP_SCOPE, { handler: findBackupScope });
