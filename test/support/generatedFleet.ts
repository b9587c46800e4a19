import type { Fixture } from '../../src/emulator/fixture/fixtureSchema';

/** `count` onboarded CSI disks in one subscription and region, plus the backup and catalog groups. */
export function generatedFleet(
  count: number,
  subscriptionId = '00000000-0000-0000-0000-0000000000f1',
): Fixture {
  return {
    subscriptions: [
      {
        id: subscriptionId,
        resourceGroups: [
          {
            name: 'MC_fleet_fleet_westeurope',
            location: 'westeurope',
            disks: Array.from({ length: count }, (_, i) => ({
              name: `pvc-${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
              location: 'westeurope',
              sizeGb: 32,
              sku: 'Premium_LRS' as const,
              diskState: 'Attached' as const,
              tags: {
                aksSnapshotBackupEnabled: 'true',
                'kubernetes.io-created-for-pvc-namespace': 'load',
                'kubernetes.io-created-for-pvc-name': `data-${i}`,
              },
            })),
            snapshots: [],
            storageAccounts: [],
            resources: [],
          },
          {
            name: 'aks-snapshot-backup',
            location: 'westeurope',
            disks: [],
            snapshots: [],
            storageAccounts: [
              {
                name: 'fleetcatalog',
                location: 'westeurope',
                tags: { aksSnapshotBackupDatabase: 'tableStorage' },
              },
            ],
            resources: [],
          },
        ],
      },
    ],
    catalog: [],
  };
}
