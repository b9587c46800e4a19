/**
 * How the simulated resources look on the wire: the ARM (Compute) JSON the SDK
 * deserializes, and the Resource Graph row shape (lower-cased type and
 * resource group, as Resource Graph returns them).
 */
import type { SimulatedAzure } from './simulatedAzure';
import {
  resourceTypeOf,
  type SimulatedDisk,
  type SimulatedResource,
  type SimulatedSnapshot,
} from './simulatedResources';

export const TENANT_ID = '00000000-0000-0000-0000-0000000000aa';

const SKU_TIERS: Record<string, string> = {
  premium_lrs: 'Premium',
  premium_zrs: 'Premium',
  premiumv2_lrs: 'Premium',
  standardssd_lrs: 'Standard',
  standardssd_zrs: 'Standard',
  standard_lrs: 'Standard',
  standard_zrs: 'Standard',
  ultrassd_lrs: 'Ultra',
};
const sku = (name: string) => ({ name, tier: SKU_TIERS[name.toLowerCase()] ?? 'Standard' });

export function diskJson(disk: SimulatedDisk, azure: SimulatedAzure): Record<string, unknown> {
  return {
    id: disk.id,
    name: disk.name,
    type: 'Microsoft.Compute/disks',
    location: disk.location,
    tags: { ...disk.tags },
    sku: sku(disk.sku),
    ...(disk.managedBy === undefined ? {} : { managedBy: disk.managedBy }),
    ...(disk.zone === undefined ? {} : { zones: [disk.zone] }),
    properties: {
      creationData: { ...disk.creationData },
      diskSizeGB: disk.sizeGb,
      diskSizeBytes: disk.sizeGb * 1024 ** 3,
      uniqueId: disk.uniqueId,
      provisioningState: azure.provisioningState(disk),
      diskState: disk.diskState,
      timeCreated: disk.timeCreated.toISOString(),
    },
  };
}

export function snapshotJson(snapshot: SimulatedSnapshot, azure: SimulatedAzure): Record<string, unknown> {
  const completionPercent = azure.completionPercent(snapshot);
  return {
    id: snapshot.id,
    name: snapshot.name,
    type: 'Microsoft.Compute/snapshots',
    location: snapshot.location,
    tags: { ...snapshot.tags },
    sku: sku(snapshot.sku),
    properties: {
      creationData: {
        createOption: 'Copy',
        sourceResourceId: snapshot.sourceResourceId,
        sourceUniqueId: snapshot.sourceUniqueId,
      },
      diskSizeGB: snapshot.sizeGb,
      diskSizeBytes: snapshot.sizeGb * 1024 ** 3,
      uniqueId: snapshot.uniqueId,
      incremental: snapshot.incremental,
      provisioningState: azure.provisioningState(snapshot),
      diskState: 'Unattached',
      timeCreated: snapshot.timeCreated.toISOString(),
      ...(completionPercent === undefined ? {} : { completionPercent }),
    },
  };
}

/** A Resource Graph `Resources` row. */
export function resourceGraphRow(
  resource: SimulatedResource,
  azure: SimulatedAzure,
): Record<string, unknown> {
  const base = {
    id: resource.id,
    name: resource.name,
    type: resourceTypeOf(resource).toLowerCase(),
    tenantId: TENANT_ID,
    kind: '',
    location: resource.location.toLowerCase(),
    resourceGroup: resource.resourceGroup.toLowerCase(),
    subscriptionId: resource.subscriptionId,
    managedBy: '',
    sku: null as unknown,
    plan: null,
    properties: {} as unknown,
    tags: { ...resource.tags },
    identity: null,
    zones: null,
    extendedLocation: null,
  };
  switch (resource.kind) {
    case 'disk': {
      const json = diskJson(resource, azure);
      return { ...base, managedBy: resource.managedBy ?? '', sku: json.sku, properties: json.properties };
    }
    case 'snapshot': {
      const json = snapshotJson(resource, azure);
      return { ...base, sku: json.sku, properties: json.properties };
    }
    case 'storageAccount':
      return {
        ...base,
        kind: 'StorageV2',
        sku: sku('Standard_LRS'),
        properties: { provisioningState: 'Succeeded' },
      };
    case 'generic':
      return base;
  }
}
