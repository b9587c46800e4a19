/** The fleet the fault suite runs over: onboarded CSI disks in two subscriptions and two regions. */
import type { Fixture } from '../emulator/fixture/fixtureSchema';

export const FAULT_SUBSCRIPTIONS = [
  '00000000-0000-0000-0000-00000000fa01',
  '00000000-0000-0000-0000-00000000fa02',
];
const REGIONS = ['westeurope', 'northeurope'];

export function faultFleet(disks: number): Fixture {
  return {
    subscriptions: FAULT_SUBSCRIPTIONS.map((id, s) => ({
      id,
      resourceGroups: [
        ...REGIONS.map((region, r) => ({
          name: `MC_fault_${region}`,
          location: region,
          disks: Array.from({ length: Math.ceil(disks / 4) }, (_, i) => ({
            name: `pvc-${s}${r}${String(i).padStart(6, '0')}-0000-4000-8000-000000000000`,
            location: region,
            sizeGb: 32,
            sku: i % 17 === 0 ? ('PremiumV2_LRS' as const) : ('Premium_LRS' as const),
            diskState: 'Attached' as const,
            tags: {
              aksSnapshotBackupEnabled: 'true',
              retentionTime: String(1 + (i % 3)),
              'kubernetes.io-created-for-pvc-namespace': 'faults',
              'kubernetes.io-created-for-pvc-name': `data-${s}-${r}-${i}`,
            },
          })),
          snapshots: [],
          storageAccounts: [],
          resources: [],
        })),
        {
          name: 'aks-snapshot-backup',
          location: 'westeurope',
          disks: [],
          // Someone's own snapshot in the backup group: must survive everything.
          snapshots: [
            {
              name: `manual-${s}`,
              location: REGIONS[0] ?? 'westeurope',
              sourceDisk: `pvc-${s}0000000-0000-4000-8000-000000000000`,
              sourceResourceGroup: `MC_fault_${REGIONS[0] ?? 'westeurope'}`,
              incremental: false,
              tags: {},
            },
          ],
          storageAccounts:
            s === 0
              ? [
                  {
                    name: 'faultcatalog',
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
