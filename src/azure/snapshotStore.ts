/**
 * Snapshots through the official Compute client. `submitSnapshot` sends the PUT
 * and returns without waiting on the long-running operation: the poller would
 * sleep in real time (2 s a poll) and hold an activity slot, so creations are
 * verified in bulk by listing the backup resource group instead.
 */
import type { ComputeManagementClient, Snapshot } from '@azure/arm-compute';

export interface SnapshotSpec {
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly sourceDiskId: string;
  readonly incremental: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SnapshotInfo {
  readonly id: string;
  readonly name: string;
  readonly location: string;
  readonly sourceResourceId: string;
  readonly sourceUniqueId: string;
  readonly provisioningState: string;
  /** Below 100 while a Premium SSD v2 / Ultra snapshot still copies in the background. */
  readonly completionPercent?: number;
  readonly incremental: boolean;
  readonly timeCreated?: Date;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * What the answer to a write says about the quota left: the smaller of ARM's
 * remaining writes for the subscription and Compute's remaining snapshot
 * creates for the region. Undefined when the answer carried neither header.
 */
export function remainingWritesOf(
  headers: { get(name: string): string | undefined },
  armHeader = 'x-ms-ratelimit-remaining-subscription-writes',
): number | undefined {
  const values: number[] = [];
  const armValue = headers.get(armHeader);
  if (armValue !== undefined && Number.isFinite(Number(armValue))) values.push(Number(armValue));
  for (const policy of (headers.get('x-ms-ratelimit-remaining-resource') ?? '').split(',')) {
    const remaining = Number(policy.split(';')[1]);
    if (policy.includes(';') && Number.isFinite(remaining)) values.push(remaining);
  }
  return values.length === 0 ? undefined : Math.min(...values);
}

/** Sends the PUT; returns the remaining write quota the answer reported, if any. */
export async function submitSnapshot(
  compute: ComputeManagementClient,
  spec: SnapshotSpec,
): Promise<number | undefined> {
  let remaining: number | undefined;
  const poller = compute.snapshots.createOrUpdate(
    spec.resourceGroup,
    spec.name,
    {
      location: spec.location,
      tags: { ...spec.tags },
      incremental: spec.incremental,
      creationData: { createOption: 'Copy', sourceResourceId: spec.sourceDiskId },
    },
    {
      onResponse: (response) => {
        remaining ??= remainingWritesOf(response.headers);
      },
    },
  );
  await poller.submitted();
  return remaining;
}

function toInfo(snapshot: Snapshot): SnapshotInfo {
  return {
    id: snapshot.id ?? '',
    name: snapshot.name ?? '',
    location: snapshot.location,
    sourceResourceId: snapshot.creationData?.sourceResourceId ?? '',
    sourceUniqueId: snapshot.creationData?.sourceUniqueId ?? '',
    provisioningState: snapshot.provisioningState ?? '',
    ...(snapshot.completionPercent === undefined ? {} : { completionPercent: snapshot.completionPercent }),
    incremental: snapshot.incremental === true,
    ...(snapshot.timeCreated === undefined ? {} : { timeCreated: new Date(snapshot.timeCreated) }),
    tags: { ...snapshot.tags },
  };
}

/**
 * The snapshots in a resource group that `keep` accepts: one paged list, however
 * many disks it covers, filtered page by page so a large group is never held whole.
 */
export async function listSnapshots(
  compute: ComputeManagementClient,
  resourceGroup: string,
  keep: (snapshot: SnapshotInfo) => boolean = () => true,
): Promise<SnapshotInfo[]> {
  const snapshots: SnapshotInfo[] = [];
  for await (const snapshot of compute.snapshots.listByResourceGroup(resourceGroup)) {
    const info = toInfo(snapshot);
    if (keep(info)) snapshots.push(info);
  }
  return snapshots;
}

/** A snapshot as read right before deleting it. */
export async function getSnapshot(
  compute: ComputeManagementClient,
  resourceGroup: string,
  name: string,
): Promise<SnapshotInfo> {
  return toInfo(await compute.snapshots.get(resourceGroup, name));
}

/**
 * Sends the DELETE and returns without waiting for the long-running operation:
 * `gone` when Azure answered 204 (nothing to delete), and the delete quota the
 * answer reported as left.
 */
export async function submitSnapshotDelete(
  compute: ComputeManagementClient,
  resourceGroup: string,
  name: string,
): Promise<{ gone: boolean; remaining?: number }> {
  let remaining: number | undefined;
  let status = 0;
  const poller = compute.snapshots.delete(resourceGroup, name, {
    onResponse: (response) => {
      if (status === 0) status = response.status;
      remaining ??= remainingWritesOf(response.headers, 'x-ms-ratelimit-remaining-subscription-deletes');
    },
  });
  await poller.submitted();
  return { gone: status === 204, ...(remaining === undefined ? {} : { remaining }) };
}

/** Adds tags to a snapshot, keeping the ones it has (PATCH replaces the whole set, so merge first). */
export async function addSnapshotTags(
  compute: ComputeManagementClient,
  resourceGroup: string,
  name: string,
  tags: Readonly<Record<string, string>>,
): Promise<void> {
  const current = await compute.snapshots.get(resourceGroup, name);
  await compute.snapshots.update(resourceGroup, name, { tags: { ...current.tags, ...tags } }).submitted();
}
