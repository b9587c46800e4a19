/**
 * The simulator's in-memory model of the resources our code touches. ARM
 * resource ids and names are case-insensitive; lookups use lower-cased ids,
 * responses keep the case the resource was created with.
 */

export type Tags = Record<string, string>;

export interface SimulatedDisk {
  readonly kind: 'disk';
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  sizeGb: number;
  sku: string;
  diskState: string;
  managedBy?: string;
  zone?: string;
  tags: Tags;
  readonly uniqueId: string;
  readonly timeCreated: Date;
  /** Set while a create (restore) operation runs. */
  readyAt: Date;
  /** The create operation ended Failed. */
  failed?: boolean;
  readonly creationData: { createOption: string; sourceResourceId?: string };
}

export interface SimulatedSnapshot {
  readonly kind: 'snapshot';
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  readonly sourceResourceId: string;
  /** The source disk's uniqueId: tells a recreated disk of the same name apart. */
  readonly sourceUniqueId: string;
  readonly incremental: boolean;
  readonly sku: string;
  readonly sizeGb: number;
  tags: Tags;
  readonly uniqueId: string;
  readonly timeCreated: Date;
  /** Creation is done (provisioningState Succeeded) from this instant. */
  readyAt: Date;
  /** The create operation ended Failed (provisioningState Failed once done). */
  failed?: boolean;
  /** Background copy (Premium SSD v2 / Ultra): 100 from this instant. */
  copiedAt: Date;
  completionPercentAtStart?: number;
}

export interface SimulatedStorageAccount {
  readonly kind: 'storageAccount';
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  tags: Tags;
}

export interface SimulatedGenericResource {
  readonly kind: 'generic';
  readonly id: string;
  readonly type: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  tags: Tags;
}

export type SimulatedResource =
  SimulatedDisk | SimulatedSnapshot | SimulatedStorageAccount | SimulatedGenericResource;

export interface SimulatedResourceGroup {
  readonly subscriptionId: string;
  readonly name: string;
  readonly location: string;
}

export const RESOURCE_TYPES = {
  disk: 'Microsoft.Compute/disks',
  snapshot: 'Microsoft.Compute/snapshots',
  storageAccount: 'Microsoft.Storage/storageAccounts',
} as const;

export function resourceTypeOf(resource: SimulatedResource): string {
  return resource.kind === 'generic' ? resource.type : RESOURCE_TYPES[resource.kind];
}

export function resourceId(
  subscriptionId: string,
  resourceGroup: string,
  type: string,
  name: string,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${type}/${name}`;
}
