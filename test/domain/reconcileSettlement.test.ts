import type { OurSnapshot } from '../../src/domain/cleanupPlan';
import { planReconcile, type CatalogEntry } from '../../src/domain/reconcilePlan';
import { ReconcileSettlement } from '../../src/domain/reconcileSettlement';

const GROUP = '/subscriptions/s/resourceGroups/aks-snapshot-backup/providers/Microsoft.Compute/snapshots';
const DISK = '/subscriptions/s/resourceGroups/MC_rg/providers/Microsoft.Compute/disks/pvc-1';
const EXPIRES = '2026-12-01T23:00:00.000Z';

const snapshot = (name: string, change: Partial<OurSnapshot> = {}): OurSnapshot => ({
  id: `${GROUP}/${name}`,
  name,
  subscriptionId: 's',
  resourceGroup: 'aks-snapshot-backup',
  location: 'westeurope',
  sourceResourceId: DISK,
  sourceUniqueId: 'u1',
  timeCreated: '2026-11-24T23:00:05Z',
  provisioningState: 'Succeeded',
  tags: {
    aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
    aksSnapshotBackupExpiresOn: EXPIRES,
    aksSnapshotBackupSlot: '2026-11-24T23:00:00.000Z',
    aksSnapshotBackupCatalogPartition: '2026-11-25',
  },
  ...change,
});

const row = (name: string, change: Partial<CatalogEntry> = {}): CatalogEntry => ({
  partitionKey: '2026-11-25',
  rowKey: name,
  azureSnapshotResourceId: `${GROUP}/${name}`,
  azureSourceDiskResourceId: DISK,
  region: 'westeurope',
  retentionTime: '7',
  expiresOn: EXPIRES,
  ...change,
});

const options = {
  timeZone: 'Europe/Berlin',
  backupResourceGroup: 'aks-snapshot-backup',
  defaultRetentionDays: 7,
  runId: 'reconcile-1',
};

/** The two passes as the activity makes them. */
function settle(rows: readonly CatalogEntry[], snapshots: readonly OurSnapshot[]) {
  const settlement = new ReconcileSettlement();
  for (const s of snapshots) settlement.noteSnapshot(s);
  const keptRows = rows.filter((r) => settlement.keepRow(r));
  const toKeep = settlement.snapshotsToKeep;
  const keptSnapshots = snapshots.filter((s) => settlement.keepSnapshot(s));
  return { keptRows, keptSnapshots, toKeep };
}

describe('ReconcileSettlement', () => {
  it.each<[string, CatalogEntry[], OurSnapshot[], { rows: string[]; snapshots: string[] }]>([
    [
      'sets aside every pair that agrees (the steady state)',
      [row('a'), row('b'), row('c')],
      [snapshot('a'), snapshot('b'), snapshot('c')],
      { rows: [], snapshots: [] },
    ],
    [
      'keeps a snapshot without a row',
      [row('a')],
      [snapshot('a'), snapshot('b')],
      { rows: [], snapshots: ['b'] },
    ],
    ['keeps a row without a snapshot', [row('a'), row('b')], [snapshot('a')], { rows: ['b'], snapshots: [] }],
    [
      'keeps both sides when the expiry differs',
      [row('a', { expiresOn: '2026-12-02T23:00:00.000Z' })],
      [snapshot('a')],
      { rows: ['a'], snapshots: ['a'] },
    ],
    [
      'keeps both sides when the source disk differs',
      [row('a', { azureSourceDiskResourceId: `${DISK}-other` })],
      [snapshot('a')],
      { rows: ['a'], snapshots: ['a'] },
    ],
    [
      'compares ids and sources in any case',
      [
        row('a', {
          azureSnapshotResourceId: `${GROUP}/a`.toUpperCase(),
          azureSourceDiskResourceId: DISK.toLowerCase(),
        }),
      ],
      [snapshot('a')],
      { rows: [], snapshots: [] },
    ],
    [
      'sets aside a pair whose snapshot has no readable expiry tag (planReconcile reports nothing then)',
      [row('a')],
      [snapshot('a', { tags: { aksSnapshotBackupManagedBy: 'aks-snapshot-backup' } })],
      { rows: [], snapshots: [] },
    ],
    [
      'keeps a legacy row and the snapshot it names, even beside an agreeing row of ours',
      [row('a'), row('legacy-a', { azureSnapshotResourceId: `${GROUP}/a`, expiresOn: undefined })],
      [snapshot('a')],
      { rows: ['legacy-a'], snapshots: ['a'] },
    ],
  ])('%s', (_, rows, snapshots, expected) => {
    const { keptRows, keptSnapshots, toKeep } = settle(rows, snapshots);
    expect({ rows: keptRows.map((r) => r.rowKey), snapshots: keptSnapshots.map((s) => s.name) }).toEqual(
      expected,
    );
    expect(toKeep).toBe(expected.snapshots.length);
  });

  it('gives planReconcile the same plan as comparing everything', () => {
    const rows = [
      row('same-1'),
      row('same-2'),
      row('gone'),
      row('late', { expiresOn: '2026-12-09T23:00:00.000Z' }),
      row('legacy', { expiresOn: undefined, retentionTime: '5' }),
      row('legacy-of-ours', { azureSnapshotResourceId: `${GROUP}/same-2`, expiresOn: undefined }),
    ];
    const snapshots = [snapshot('same-1'), snapshot('same-2'), snapshot('late'), snapshot('no-row')];
    const legacyTargets = [
      snapshot('legacy', { tags: {}, incremental: false, timeCreated: '2026-11-20T22:00:00Z' }),
    ];
    const { keptRows, keptSnapshots } = settle(rows, snapshots);

    const reduced = planReconcile(keptRows, keptSnapshots, legacyTargets, options);

    expect(reduced).toEqual(planReconcile(rows, snapshots, legacyTargets, options));
    expect(keptRows.map((r) => r.rowKey)).toEqual(['gone', 'late', 'legacy', 'legacy-of-ours']);
    expect(reduced.restore.map((r) => r.rowKey)).toEqual(['no-row', 'legacy-of-ours']);
    expect(reduced.checkGone.map((r) => r.rowKey)).toEqual(['gone']);
    expect(reduced.adopt.map((a) => a.row.rowKey)).toEqual(['legacy']);
    expect(reduced.reports.map((r) => r.rowKey)).toEqual(['late']);
  });
});
