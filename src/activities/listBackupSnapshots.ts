/**
 * Activity: the snapshots in one backup resource group of one subscription, in
 * one paged list — how a run finds a slot's existing snapshots (idempotent
 * reruns) and verifies its creations in bulk instead of
 * one GET or poll per disk. The group holds every night's snapshots, so the
 * list is narrowed page by page to what the caller asks about (a slot) and
 * each snapshot to the fields the caller reads: what is returned is
 * recorded in the orchestration history, and must follow the run's work, not
 * the group's history.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { computeClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { listSnapshots, type SnapshotInfo } from '../azure/snapshotStore';
import { azureCall, type AzureCallResult } from '../azure/azureCall';
import { slotOf, SNAPSHOT_TAGS } from '../domain/snapshotTags';
import { tagValue } from '../domain/tagPolicy';

export const LIST_BACKUP_SNAPSHOTS = 'listBackupSnapshots';

const input = z.object({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  /** Only this slot's snapshots, and untagged ones (which may still carry a slot's expected name). */
  slotUtc: z.iso.datetime().optional(),
  /** Only snapshots of these names (any case): a later verification round asks about the few still creating. */
  names: z.array(z.string().min(1)).optional(),
});
export type ListBackupSnapshotsInput = z.infer<typeof input>;

/** What callers read of a snapshot: dates as ISO strings, and of the tags only the slot tag. */
export type ListedSnapshot = Omit<SnapshotInfo, 'timeCreated' | 'location' | 'incremental'> & {
  readonly timeCreated?: string;
};

export type ListBackupSnapshotsResult = AzureCallResult<ListedSnapshot[]>;

function wanted(task: ListBackupSnapshotsInput): (snapshot: SnapshotInfo) => boolean {
  const names = task.names === undefined ? undefined : new Set(task.names.map((n) => n.toLowerCase()));
  const slot = task.slotUtc === undefined ? undefined : Date.parse(task.slotUtc);
  return (snapshot) => {
    if (names !== undefined && !names.has(snapshot.name.toLowerCase())) return false;
    if (slot === undefined) return true;
    const tagged = slotOf(snapshot.tags);
    return tagged === undefined || tagged.getTime() === slot;
  };
}

function listed(snapshot: SnapshotInfo): ListedSnapshot {
  const slot = tagValue(snapshot.tags, SNAPSHOT_TAGS.slot);
  return {
    id: snapshot.id,
    name: snapshot.name,
    sourceResourceId: snapshot.sourceResourceId,
    sourceUniqueId: snapshot.sourceUniqueId,
    provisioningState: snapshot.provisioningState,
    ...(snapshot.completionPercent === undefined ? {} : { completionPercent: snapshot.completionPercent }),
    ...(snapshot.timeCreated === undefined ? {} : { timeCreated: snapshot.timeCreated.toISOString() }),
    tags: slot === undefined ? {} : { [SNAPSHOT_TAGS.slot]: slot },
  };
}

export async function listBackupSnapshots(raw: unknown): Promise<ListBackupSnapshotsResult> {
  const task = input.parse(raw);
  const compute = computeClient(azureContext(), task.subscriptionId, { maxRetries: 0 });
  const keep = wanted(task);
  const result = await azureCall(() => listSnapshots(compute, task.resourceGroup, keep));
  if (result.outcome !== 'ok') return result;
  return { outcome: 'ok', value: result.value.map(listed) };
}

df.app.activity(LIST_BACKUP_SNAPSHOTS, { handler: listBackupSnapshots });
