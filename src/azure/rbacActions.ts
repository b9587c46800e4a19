/**
 * Every Azure operation the function app performs, with the RBAC action it
 * needs and the narrowest scope where it is granted. The deployment template's
 * custom roles must hold exactly these actions (a test checks it), so adding an
 * adapter call means adding it here. Operations only the operator CLI performs
 * (restoring a disk: Microsoft.Compute/disks/write) are not the function's and
 * are not granted to it.
 */

export type GrantScope = 'disk-subscriptions' | 'backup-resource-group' | 'catalog-account';

export interface FunctionOperation {
  /** Where in the code. */
  readonly operation: string;
  readonly action: string;
  /** Data-plane actions go in a role's dataActions. */
  readonly kind: 'control' | 'data';
  readonly scope: GrantScope;
}

export const FUNCTION_OPERATIONS: readonly FunctionOperation[] = [
  {
    operation: 'diskInventory: Resource Graph query',
    action: 'Microsoft.ResourceGraph/resources/read',
    kind: 'control',
    scope: 'disk-subscriptions',
  },
  {
    operation: 'diskInventory: disks visible to Resource Graph; snapshot PUT reads its source disk',
    action: 'Microsoft.Compute/disks/read',
    kind: 'control',
    scope: 'disk-subscriptions',
  },
  {
    operation: 'snapshotStore.listSnapshots / getSnapshot; snapshotInventory (Resource Graph)',
    action: 'Microsoft.Compute/snapshots/read',
    kind: 'control',
    scope: 'backup-resource-group',
  },
  {
    operation: 'snapshotStore.submitSnapshot / addSnapshotTags',
    action: 'Microsoft.Compute/snapshots/write',
    kind: 'control',
    scope: 'backup-resource-group',
  },
  {
    operation: 'snapshotStore.submitSnapshotDelete',
    action: 'Microsoft.Compute/snapshots/delete',
    kind: 'control',
    scope: 'backup-resource-group',
  },
  {
    operation: 'catalogStore.ensureTable',
    action: 'Microsoft.Storage/storageAccounts/tableServices/tables/read',
    kind: 'data',
    scope: 'catalog-account',
  },
  {
    operation: 'catalogStore.ensureTable',
    action: 'Microsoft.Storage/storageAccounts/tableServices/tables/write',
    kind: 'data',
    scope: 'catalog-account',
  },
  {
    operation: 'catalogStore.forEachCatalogEntry',
    action: 'Microsoft.Storage/storageAccounts/tableServices/tables/entities/read',
    kind: 'data',
    scope: 'catalog-account',
  },
  {
    operation: 'catalogStore.upsertInBatches',
    action: 'Microsoft.Storage/storageAccounts/tableServices/tables/entities/write',
    kind: 'data',
    scope: 'catalog-account',
  },
  {
    operation: 'catalogStore.upsertInBatches',
    action: 'Microsoft.Storage/storageAccounts/tableServices/tables/entities/add/action',
    kind: 'data',
    scope: 'catalog-account',
  },
  {
    operation: 'catalogStore.upsertInBatches',
    action: 'Microsoft.Storage/storageAccounts/tableServices/tables/entities/update/action',
    kind: 'data',
    scope: 'catalog-account',
  },
  {
    operation: 'catalogStore.removeRows',
    action: 'Microsoft.Storage/storageAccounts/tableServices/tables/entities/delete',
    kind: 'data',
    scope: 'catalog-account',
  },
];

/** The actions granted at one scope, as a role definition lists them. */
export function actionsFor(scope: GrantScope, kind: 'control' | 'data'): string[] {
  return [
    ...new Set(FUNCTION_OPERATIONS.filter((o) => o.scope === scope && o.kind === kind).map((o) => o.action)),
  ].sort();
}
