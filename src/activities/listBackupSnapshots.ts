/**
 * Activity: every snapshot in one backup resource group of one subscription,
 * in one paged list — how a run finds a slot's existing snapshots (idempotent
 * reruns) and verifies its creations in bulk instead of one GET or poll per disk.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { computeClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { listSnapshots, type SnapshotInfo } from '../azure/snapshotStore';
import { azureCall, type AzureCallResult } from '../azure/azureCall';

export const LIST_BACKUP_SNAPSHOTS = 'listBackupSnapshots';

const input = z.object({ subscriptionId: z.string().min(1), resourceGroup: z.string().min(1) });

/** JSON-safe SnapshotInfo: dates as ISO strings. */
export type ListedSnapshot = Omit<SnapshotInfo, 'timeCreated'> & { readonly timeCreated?: string };

export type ListBackupSnapshotsResult = AzureCallResult<ListedSnapshot[]>;

export async function listBackupSnapshots(raw: unknown): Promise<ListBackupSnapshotsResult> {
  const { subscriptionId, resourceGroup } = input.parse(raw);
  const compute = computeClient(azureContext(), subscriptionId, { maxRetries: 0 });
  const result = await azureCall(() => listSnapshots(compute, resourceGroup));
  if (result.outcome !== 'ok') return result;
  return {
    outcome: 'ok',
    value: result.value.map(({ timeCreated, ...rest }) => ({
      ...rest,
      ...(timeCreated === undefined ? {} : { timeCreated: timeCreated.toISOString() }),
    })),
  };
}

df.app.activity(LIST_BACKUP_SNAPSHOTS, { handler: listBackupSnapshots });
