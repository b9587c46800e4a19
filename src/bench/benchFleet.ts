/** A benchmark fleet: `disks` onboarded disks spread evenly over subscriptions × regions. */
import type { Fixture } from '../emulator/fixture/fixtureSchema';

export const benchSubscription = (index: number): string =>
  `00000000-0000-0000-0000-${String(0xbe0000 + index).padStart(12, '0')}`;
const REGIONS = ['westeurope', 'northeurope', 'eastus', 'westus2'];

export function benchFleet(
  disks: number,
  subscriptions: number,
  regions: number,
  retentionTime = '7',
): Fixture {
  const perGroup = Math.ceil(disks / (subscriptions * regions));
  let left = disks;
  return {
    subscriptions: Array.from({ length: subscriptions }, (_, s) => ({
      id: benchSubscription(s),
      resourceGroups: [
        ...REGIONS.slice(0, regions).map((region) => {
          const count = Math.min(perGroup, left);
          left -= count;
          return {
            name: `MC_bench_${region}`,
            location: region,
            disks: Array.from({ length: count }, (_, i) => ({
              name: `pvc-${String(s).padStart(2, '0')}${region.slice(0, 4)}${String(i).padStart(6, '0')}-0000-4000-8000-000000000000`,
              location: region,
              sizeGb: 64,
              sku: 'Premium_LRS' as const,
              diskState: 'Attached' as const,
              tags: { aksSnapshotBackupEnabled: 'true', retentionTime },
            })),
            snapshots: [],
            storageAccounts: [],
            resources: [],
          };
        }),
        {
          name: 'aks-snapshot-backup',
          location: 'westeurope',
          disks: [],
          snapshots: [],
          storageAccounts:
            s === 0
              ? [
                  {
                    name: 'benchcatalog',
                    location: 'westeurope',
                    tags: { aksSnapshotBackupDatabase: 'tableStorage' },
                  },
                ]
              : [],
          resources: [],
        },
      ],
    })),
    catalog: [],
  };
}
