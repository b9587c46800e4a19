/**
 * Activity: every snapshot in one backup resource group of one subscription,
 * in one paged list — how a run finds a slot's existing snapshots (idempotent
 * reruns) and verifies its creations in bulk instead of one GET or poll per disk.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { computeClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { toAzureFailure } from '../azure/azureFailure';
import { listSnapshots, type SnapshotInfo } from '../azure/snapshotStore';
import { classifyFailure } from '../domain/errorClassification';
import { TransientAzureError } from './createSnapshot';

export const LIST_BACKUP_SNAPSHOTS = 'listBackupSnapshots';

const input = z.object({ subscriptionId: z.string().min(1), resourceGroup: z.string().min(1) });

/** JSON-safe SnapshotInfo: dates as ISO strings. */
export type ListedSnapshot = Omit<SnapshotInfo, 'timeCreated'> & { readonly timeCreated?: string };

export type ListBackupSnapshotsResult =
  | { readonly outcome: 'listed'; readonly snapshots: readonly ListedSnapshot[] }
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly outcome: 'failed'; readonly reason: string };

export async function listBackupSnapshots(raw: unknown): Promise<ListBackupSnapshotsResult> {
  const { subscriptionId, resourceGroup } = input.parse(raw);
  try {
    const snapshots = await listSnapshots(
      computeClient(azureContext(), subscriptionId, { maxRetries: 0 }),
      resourceGroup,
    );
    return {
      outcome: 'listed',
      snapshots: snapshots.map(({ timeCreated, ...rest }) => ({
        ...rest,
        ...(timeCreated === undefined ? {} : { timeCreated: timeCreated.toISOString() }),
      })),
    };
  } catch (error) {
    const failure = classifyFailure(toAzureFailure(error));
    if (failure.kind === 'transient') throw new TransientAzureError(failure.reason);
    return failure.kind === 'throttled'
      ? { outcome: 'throttled', retryAfterMs: failure.retryAfterMs, reason: failure.reason }
      : { outcome: 'failed', reason: failure.reason };
  }
}

df.app.activity(LIST_BACKUP_SNAPSHOTS, { handler: listBackupSnapshots });
