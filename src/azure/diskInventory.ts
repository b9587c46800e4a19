/**
 * Finds the managed disks that carry the onboarding tag key, in any case, with
 * one paged Resource Graph query per batch of subscriptions. Resource Graph
 * keeps tag keys in their stored case (`tags['x']` is exact), so the query
 * matches the key inside the serialized tags case-insensitively; the domain
 * then reads the value. Other resource types never match: the query is on
 * `microsoft.compute/disks` only.
 */
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { queryAllRows, tagsOf, textOf as text } from './resourceGraphQuery';

export const ONBOARDING_TAG = 'aksSnapshotBackupEnabled';

export const ONBOARDED_DISKS_QUERY = [
  'Resources',
  "| where type =~ 'microsoft.compute/disks'",
  `| where tostring(tags) contains '"${ONBOARDING_TAG}":'`,
  '| project id, name, subscriptionId, resourceGroup, location, tags, managedBy,',
  '  sku = tostring(sku.name), sizeGb = toint(properties.diskSizeGB),',
  '  diskState = tostring(properties.diskState), uniqueId = tostring(properties.uniqueId)',
  '| order by id asc',
].join('\n');

export interface DiskDescriptor {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly sku: string;
  readonly sizeGb: number;
  readonly diskState: string;
  readonly uniqueId: string;
  readonly managedBy: string;
  readonly tags: Readonly<Record<string, string>>;
}

function toDescriptor(row: Record<string, unknown>): DiskDescriptor {
  return {
    id: text(row.id),
    name: text(row.name),
    subscriptionId: text(row.subscriptionId),
    resourceGroup: text(row.resourceGroup),
    location: text(row.location),
    sku: text(row.sku),
    sizeGb: typeof row.sizeGb === 'number' ? row.sizeGb : 0,
    diskState: text(row.diskState),
    uniqueId: text(row.uniqueId),
    managedBy: text(row.managedBy),
    tags: tagsOf(row),
  };
}

/**
 * Every disk whose tags contain the onboarding key in any case. `subscriptions`
 * empty means every subscription the identity can read.
 */
export async function findDisksWithOnboardingTag(
  graph: ResourceGraphClient,
  subscriptions: readonly string[],
): Promise<DiskDescriptor[]> {
  return (await queryAllRows(graph, ONBOARDED_DISKS_QUERY, subscriptions)).map(toDescriptor);
}
