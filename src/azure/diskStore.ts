/** Managed disks through the Compute client: what restore reads and creates (operator rights, not the app's). */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { RestoreTarget } from '../domain/restorePlan';

export interface DiskInfo {
  readonly id: string;
  readonly location: string;
  readonly zone?: string;
  readonly sku: string;
  readonly sizeGb: number;
}

export async function getDiskInfo(
  compute: ComputeManagementClient,
  resourceGroup: string,
  name: string,
): Promise<DiskInfo> {
  const disk = await compute.disks.get(resourceGroup, name);
  const zone = disk.zones?.[0];
  return {
    id: disk.id ?? '',
    location: disk.location,
    ...(zone === undefined ? {} : { zone }),
    sku: disk.sku?.name ?? 'Premium_LRS',
    sizeGb: disk.diskSizeGB ?? 0,
  };
}

/** Creates the disk from the snapshot and waits until Azure reports it created; returns its id. */
export async function createDiskFromSnapshot(
  compute: ComputeManagementClient,
  target: RestoreTarget,
  snapshotId: string,
  tags: Readonly<Record<string, string>>,
): Promise<string> {
  const disk = await compute.disks.createOrUpdate(target.resourceGroup, target.diskName, {
    location: target.location,
    ...(target.zone === undefined ? {} : { zones: [target.zone] }),
    sku: { name: target.sku },
    tags: { ...tags },
    creationData: { createOption: 'Copy', sourceResourceId: snapshotId },
  });
  return disk.id ?? '';
}
