import { join } from 'node:path';
import { planBackup, plannedSnapshotTags, type InventoryDisk } from '../../src/domain/backupPlan';
import type { Slot } from '../../src/domain/scheduleSlots';
import { loadFixtureFile } from '../../src/emulator/fixture/loadFixture';

const slot: Slot = {
  kind: 'backup',
  utc: new Date('2026-11-24T23:00:00Z'),
  scheduled: '00:00',
  timeZone: 'Europe/Berlin',
};
const settings = {
  defaultRetentionDays: 3,
  snapshotsPerDay: 1,
  incremental: true,
  backupResourceGroup: 'aks-snapshot-backup',
};

async function defaultFleetDisks(): Promise<InventoryDisk[]> {
  const fixture = await loadFixtureFile(join(__dirname, '..', '..', 'fixtures', 'default-fleet.json'));
  return fixture.subscriptions.flatMap((s) =>
    s.resourceGroups.flatMap((g) =>
      g.disks.map((d) => ({
        id: `/subscriptions/${s.id}/resourceGroups/${g.name}/providers/Microsoft.Compute/disks/${d.name}`,
        name: d.name,
        subscriptionId: s.id,
        location: d.location,
        uniqueId: `u-${d.name}`,
        tags: d.tags,
      })),
    ),
  );
}

describe('planBackup on the default fleet', () => {
  it('plans one snapshot per onboarded disk with unique, valid names', async () => {
    const plan = planBackup(await defaultFleetDisks(), slot, settings);
    // 33 disks carry the key; `yes`, `ture` and `false` are not onboarded.
    expect(plan.snapshots).toHaveLength(30);
    const names = plan.snapshots.map((s) => s.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9_.-]{0,78}[a-z0-9_]$/);
    expect(plan.snapshots.every((s) => s.partitionKey === '2026-11-25')).toBe(true);
  });

  it('reports present-but-not-understood values and ignores `false` and absent tags', async () => {
    const plan = planBackup(await defaultFleetDisks(), slot, settings);
    expect(plan.notUnderstood.map((d) => d.value).sort()).toEqual(['ture', 'yes']);
  });

  it('keeps the bad retentionTime disk with the default and a warning', async () => {
    const plan = planBackup(await defaultFleetDisks(), slot, settings);
    const warned = plan.snapshots.filter((s) => s.warning !== undefined);
    expect(warned.map((s) => [s.pvcName, s.retentionDays, s.expiresOn])).toEqual([
      ['data-elasticsearch-2', 3, '2026-11-27T23:00:00.000Z'],
    ]);
  });

  it('warns about retentions that exceed 500 incremental snapshots at two backups a day', async () => {
    const plan = planBackup(await defaultFleetDisks(), slot, { ...settings, snapshotsPerDay: 2 });
    expect(plan.snapshots.filter((s) => s.retentionDays === 365).map((s) => s.warning?.slice(0, 44))).toEqual(
      ['retentionTime "365" keeps about 730 snapshot', 'retentionTime "365" keeps about 730 snapshot'],
    );
  });
});

describe('planBackup', () => {
  const disk = (name: string, tags: Record<string, string>, rg = 'MC_rg'): InventoryDisk => ({
    id: `/subscriptions/s1/resourceGroups/${rg}/providers/Microsoft.Compute/disks/${name}`,
    name,
    subscriptionId: 's1',
    location: 'westeurope',
    uniqueId: `u-${rg}-${name}`,
    tags,
  });

  /** One onboarded AKS disk with 7 days' retention and its PVC tags. */
  const planOnePvcDisk = () =>
    planBackup(
      [
        disk('pvc-1', {
          aksSnapshotBackupEnabled: 'true',
          retentionTime: '7',
          'kubernetes.io-created-for-pvc-namespace': 'shop',
          'kubernetes.io-created-for-pvc-name': 'data-postgres-0',
        }),
      ],
      slot,
      settings,
    ).snapshots[0];

  it('plans retention, expiry and the PVC from the disk tags', () => {
    const planned = planOnePvcDisk();
    expect(planned).toMatchObject({
      name: 'pvc-1-2026-11-25T12-00AM',
      resourceGroup: 'aks-snapshot-backup',
      retentionDays: 7,
      expiresOn: '2026-12-01T23:00:00.000Z',
      partitionKey: '2026-11-25',
      pvcNamespace: 'shop',
      pvcName: 'data-postgres-0',
    });
  });

  it('writes our marker, expiry, slot, run and PVC into the snapshot tags', () => {
    const planned = planOnePvcDisk();
    if (planned === undefined) throw new Error('no plan');
    expect(plannedSnapshotTags(planned, '2026-11-24T23:00:00.000Z', 'backup-20261124T2300Z')).toEqual({
      aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
      aksSnapshotBackupRetentionDays: '7',
      aksSnapshotBackupExpiresOn: '2026-12-01T23:00:00.000Z',
      aksSnapshotBackupSlot: '2026-11-24T23:00:00.000Z',
      aksSnapshotBackupRunId: 'backup-20261124T2300Z',
      aksSnapshotBackupSourceDisk: 'pvc-1',
      aksSnapshotBackupCatalogPartition: '2026-11-25',
      aksSnapshotBackupPvcNamespace: 'shop',
      aksSnapshotBackupPvcName: 'data-postgres-0',
    });
  });

  it('hashes names shared with a disk that is not onboarded too', () => {
    const plan = planBackup(
      [disk('data', { aksSnapshotBackupEnabled: 'true' }), disk('DATA', {}, 'other')],
      slot,
      settings,
    );
    expect(plan.snapshots[0]?.name).toMatch(/^data-[0-9a-f]{8}-2026-11-25T12-00AM$/);
  });

  it('hashes a name that a disk outside the planned disks shares', () => {
    const plan = planBackup(
      [
        disk('data', { aksSnapshotBackupEnabled: 'true' }),
        disk('logs', { aksSnapshotBackupEnabled: 'true' }),
      ],
      slot,
      settings,
      new Set(['data']),
    );
    expect(plan.snapshots.map((s) => s.name)).toEqual([
      expect.stringMatching(/^data-[0-9a-f]{8}-2026-11-25T12-00AM$/),
      'logs-2026-11-25T12-00AM',
    ]);
  });

  it('gives the same plan for the same input', () => {
    const disks = [
      disk('b', { aksSnapshotBackupEnabled: 'true' }),
      disk('a', { aksSnapshotBackupEnabled: 'true' }),
    ];
    expect(planBackup(disks, slot, settings)).toEqual(planBackup([...disks].reverse(), slot, settings));
  });
});
