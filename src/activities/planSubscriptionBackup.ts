/**
 * Activity: one subscription's backup plan — its onboarded disks from Resource
 * Graph, narrowed by the run's filters, planned (names, groups, expiry,
 * warnings). Planned here, once, rather than in the orchestrator, which would
 * plan again on every one of its episodes; the answer, which the history
 * keeps, is the plan itself.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { resourceGraphClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { findDisksWithOnboardingTag } from '../azure/diskInventory';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { planBackup, type BackupPlan, type PlanSettings } from '../domain/backupPlan';
import { applyFilters, type RunFilters, type RunSlot } from '../domain/backupRun';

export const PLAN_SUBSCRIPTION_BACKUP = 'planSubscriptionBackup';

const input = z.object({
  subscriptionId: z.string().min(1),
  filters: z.object({
    subscriptions: z.array(z.string()),
    resourceGroups: z.array(z.string()),
    disks: z.array(z.string()),
  }),
  slot: z.object({ utc: z.iso.datetime(), scheduled: z.string(), timeZone: z.string().min(1) }),
  plan: z.object({
    defaultRetentionDays: z.number().int().positive(),
    snapshotsPerDay: z.number().positive(),
    incremental: z.boolean(),
    backupResourceGroup: z.string().min(1),
  }),
  sharedNames: z.array(z.string()),
});

export interface PlanSubscriptionBackupInput {
  readonly subscriptionId: string;
  readonly filters: RunFilters;
  readonly slot: RunSlot;
  readonly plan: PlanSettings;
  /** Lower-cased disk names that more than one disk in the run's scope carries. */
  readonly sharedNames: readonly string[];
}

export async function planSubscriptionBackup(raw: unknown): Promise<AzureCallResult<BackupPlan>> {
  const task = input.parse(raw);
  return azureCall(async () => {
    const disks = await findDisksWithOnboardingTag(resourceGraphClient(azureContext(), { maxRetries: 0 }), [
      task.subscriptionId,
    ]);
    return planBackup(
      applyFilters(disks, task.filters),
      {
        kind: 'backup',
        utc: new Date(task.slot.utc),
        scheduled: task.slot.scheduled,
        timeZone: task.slot.timeZone,
      },
      task.plan,
      new Set(task.sharedNames),
    );
  });
}

df.app.activity(PLAN_SUBSCRIPTION_BACKUP, { handler: planSubscriptionBackup });
