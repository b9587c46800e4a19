import type { Fixture } from '../../src/emulator/fixture/fixtureSchema';

export const SUB_A = '00000000-0000-0000-0000-00000000000a';
export const SUB_B = '00000000-0000-0000-0000-00000000000b';
export const NODE_RG = 'MC_aks_aks_westeurope';
export const BACKUP_RG = 'aks-snapshot-backup';

/** A small fleet for emulator tests: two disks in westeurope, one in northeurope, a second subscription. */
export function smallFleet(extraDisks = 0): Fixture {
  const disk = (name: string, location = 'westeurope', tags: Record<string, string> = {}) => ({
    name,
    location,
    sizeGb: 32,
    sku: 'Premium_LRS' as const,
    diskState: 'Attached' as const,
    tags,
  });
  return {
    subscriptions: [
      {
        id: SUB_A,
        resourceGroups: [
          {
            name: NODE_RG,
            location: 'westeurope',
            disks: [
              disk('pvc-a', 'westeurope', { aksSnapshotBackupEnabled: 'true' }),
              disk('pvc-b', 'westeurope', { AKSSNAPSHOTBACKUPENABLED: 'true' }),
              disk('pvc-north', 'northeurope'),
              ...Array.from({ length: extraDisks }, (_, i) =>
                disk(`pvc-bulk-${String(i).padStart(5, '0')}`, 'westeurope', {
                  aksSnapshotBackupEnabled: 'true',
                }),
              ),
            ],
            snapshots: [],
            storageAccounts: [],
            resources: [],
          },
          {
            name: BACKUP_RG,
            location: 'westeurope',
            disks: [],
            snapshots: [],
            storageAccounts: [
              {
                name: 'catalogaccount',
                location: 'westeurope',
                tags: { aksSnapshotBackupDatabase: 'tableStorage' },
              },
            ],
            resources: [
              {
                type: 'Microsoft.Network/publicIPAddresses',
                name: 'ip',
                location: 'westeurope',
                tags: { aksSnapshotBackupEnabled: 'true' },
              },
            ],
          },
        ],
      },
      {
        id: SUB_B,
        resourceGroups: [
          {
            name: BACKUP_RG,
            location: 'westeurope',
            disks: [],
            snapshots: [],
            storageAccounts: [],
            resources: [],
          },
        ],
      },
    ],
    catalog: [],
  };
}
