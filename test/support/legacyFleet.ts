import type { Fixture } from '../../src/emulator/fixture/fixtureSchema';

export const LEGACY_SUB = '00000000-0000-0000-0000-0000000000c1';
export const NODE_RG = 'MC_legacy_legacy_westeurope';
export const BACKUP_RG = 'aks-snapshot-backup';
const diskId = (name: string, rg = NODE_RG): string =>
  `/subscriptions/${LEGACY_SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/disks/${name}`;
const snapshotId = (name: string, rg = BACKUP_RG): string =>
  `/subscriptions/${LEGACY_SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/snapshots/${name}`;

/**
 * What the original PowerShell solution left: untagged full snapshots named
 * `{disk}-%Y-%m-%dT%I-%M%p`, and catalog rows with PartitionKey `yyyy-M-d`,
 * RowKey = name, the ids, region and retentionTime as a string — no expiry.
 */
export function legacyFleet(): Fixture {
  const disk = (name: string) => ({
    name,
    location: 'westeurope',
    sizeGb: 16,
    sku: 'Premium_LRS' as const,
    diskState: 'Attached' as const,
    tags: { aksSnapshotBackupEnabled: 'true' },
  });
  const legacySnapshot = (name: string, source: string) => ({
    name,
    location: 'westeurope',
    sourceDisk: source,
    sourceResourceGroup: NODE_RG,
    timeCreated: '2026-11-01T23:00:00Z',
    incremental: false,
    tags: {},
  });
  const row = (name: string, source: string, rg = BACKUP_RG) => ({
    PartitionKey: '2026-11-2',
    RowKey: name,
    azureSnapshotResourceId: snapshotId(name, rg),
    azureSourceDiskResourceId: diskId(source),
    region: 'westeurope',
    retentionTime: '3',
  });
  return {
    subscriptions: [
      {
        id: LEGACY_SUB,
        resourceGroups: [
          {
            name: NODE_RG,
            location: 'westeurope',
            disks: [
              disk('pvc-adopt'),
              disk('pvc-moved'),
              disk('pvc-other'),
              disk('pvc-swap'),
              disk('pvc-nolegacyrow'),
            ],
            snapshots: [],
            storageAccounts: [],
            resources: [],
          },
          {
            name: BACKUP_RG,
            location: 'westeurope',
            disks: [],
            snapshots: [
              legacySnapshot('pvc-adopt-2026-11-02T12-00AM', 'pvc-adopt'),
              legacySnapshot('pvc-swap-2026-11-02T12-00AM', 'pvc-other'),
              legacySnapshot('pvc-nolegacyrow-2026-11-02T12-00AM', 'pvc-nolegacyrow'),
            ],
            storageAccounts: [
              {
                name: 'legacycatalog',
                location: 'westeurope',
                tags: { aksSnapshotBackupDatabase: 'tableStorage' },
              },
            ],
            resources: [],
          },
          {
            name: 'someone-elses-group',
            location: 'westeurope',
            disks: [],
            snapshots: [legacySnapshot('pvc-moved-2026-11-02T12-00AM', 'pvc-moved')],
            storageAccounts: [],
            resources: [],
          },
        ],
      },
    ],
    catalog: [
      row('pvc-adopt-2026-11-02T12-00AM', 'pvc-adopt'),
      row('pvc-deleted-by-hand-2026-11-02T12-00AM', 'pvc-deleted-by-hand'),
      row('pvc-moved-2026-11-02T12-00AM', 'pvc-moved', 'someone-elses-group'),
      row('pvc-swap-2026-11-02T12-00AM', 'pvc-swap'),
    ],
  };
}

export { diskId as legacyDiskId, snapshotId as legacySnapshotId };
