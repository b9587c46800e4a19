import {
  disksWithKeepMet,
  planCleanup,
  tagsCleanupReads,
  type OurSnapshot,
} from '../../src/domain/cleanupPlan';

const DISK = '/subscriptions/s/resourceGroups/MC_rg/providers/Microsoft.Compute/disks/pvc-1';
const snap = (
  name: string,
  created: string,
  expires: string,
  change: Partial<OurSnapshot> = {},
): OurSnapshot => ({
  id: `/subscriptions/s/resourceGroups/aks-snapshot-backup/providers/Microsoft.Compute/snapshots/${name}`,
  name,
  subscriptionId: 's',
  resourceGroup: 'aks-snapshot-backup',
  location: 'westeurope',
  sourceResourceId: DISK,
  sourceUniqueId: 'u1',
  timeCreated: created,
  provisioningState: 'Succeeded',
  tags: { aksSnapshotBackupManagedBy: 'aks-snapshot-backup', aksSnapshotBackupExpiresOn: expires },
  ...change,
});
const now = new Date('2026-11-25T01:00:00Z');
const options = { now, minimumKeep: 1, backupResourceGroup: 'AKS-Snapshot-Backup' };
const live = [{ id: DISK.toUpperCase(), uniqueId: 'u1' }];
const names = (plan: ReturnType<typeof planCleanup>) => ({
  deleted: plan.toDelete.map((s) => s.name),
  kept: plan.kept.map((k) => `${k.snapshot.name}:${k.reason}`),
});

describe('planCleanup', () => {
  it('deletes every expired snapshot after a 10-day outage, keeping the newest complete one of a live disk', () => {
    const old = Array.from({ length: 10 }, (_, i) =>
      snap(
        `d${i}`,
        `2026-11-${String(5 + i).padStart(2, '0')}T23:00:00Z`,
        `2026-11-${String(8 + i).padStart(2, '0')}T23:00:00Z`,
      ),
    );
    expect(names(planCleanup(old, old, live, options))).toEqual({
      deleted: ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8'],
      kept: ['d9:minimum-keep'],
    });
  });

  it('keeps nothing past expiry when a newer complete snapshot exists', () => {
    const expired = [snap('old', '2026-11-20T23:00:00Z', '2026-11-23T23:00:00Z')];
    const siblings = [...expired, snap('new', '2026-11-24T23:00:00Z', '2026-11-27T23:00:00Z')];
    expect(names(planCleanup(expired, siblings, live, options))).toEqual({ deleted: ['old'], kept: [] });
  });

  it('does not count a newest snapshot that is still copying: the older complete one is kept', () => {
    const expired = [snap('complete', '2026-11-20T23:00:00Z', '2026-11-23T23:00:00Z')];
    const siblings = [
      ...expired,
      snap('copying', '2026-11-24T23:00:00Z', '2026-11-27T23:00:00Z', { completionPercent: 40 }),
    ];
    expect(names(planCleanup(expired, siblings, live, options))).toEqual({
      deleted: [],
      kept: ['complete:minimum-keep'],
    });
  });

  it('applies retention normally when the disk is gone or was recreated under the same name', () => {
    const expired = [snap('last', '2026-11-20T23:00:00Z', '2026-11-23T23:00:00Z')];
    expect(names(planCleanup(expired, expired, [], options))).toEqual({ deleted: ['last'], kept: [] });
    expect(names(planCleanup(expired, expired, [{ id: DISK, uniqueId: 'recreated' }], options))).toEqual({
      deleted: ['last'],
      kept: [],
    });
  });

  it('keeps the newest N with a larger minimum keep, and none with 0', () => {
    const expired = ['a', 'b', 'c'].map((n, i) =>
      snap(n, `2026-11-1${i}T23:00:00Z`, `2026-11-2${i}T23:00:00Z`),
    );
    expect(names(planCleanup(expired, expired, live, { ...options, minimumKeep: 2 })).kept).toEqual([
      'b:minimum-keep',
      'c:minimum-keep',
    ]);
    expect(names(planCleanup(expired, expired, live, { ...options, minimumKeep: 0 })).deleted).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it.each<[string, Partial<OurSnapshot>, string]>([
    [
      'a snapshot whose marker was removed',
      { tags: { aksSnapshotBackupExpiresOn: '2026-11-01T00:00:00Z' } },
      'not-ours',
    ],
    ['a snapshot outside the backup resource group', { resourceGroup: 'elsewhere' }, 'outside-backup-group'],
    [
      'a snapshot whose expiry was moved into the future',
      {
        tags: {
          aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
          aksSnapshotBackupExpiresOn: '2027-01-01T00:00:00Z',
        },
      },
      'not-expired',
    ],
    [
      'a snapshot with an unreadable expiry',
      { tags: { aksSnapshotBackupManagedBy: 'aks-snapshot-backup', aksSnapshotBackupExpiresOn: 'soon' } },
      'unreadable-expiry',
    ],
  ])('never deletes %s', (_case, change, reason) => {
    const candidate = snap('x', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', change);
    expect(names(planCleanup([candidate], [candidate], [], options))).toEqual({
      deleted: [],
      kept: [`x:${reason}`],
    });
  });

  it('compares absolute instants, so a DST change does not shift expiry', () => {
    // Made 2026-10-24 00:00 Berlin (CEST), 3 days: expires 2026-10-26T22:00Z, after the fall-back night.
    const made = snap('dst', '2026-10-23T22:00:00Z', '2026-10-26T22:00:00Z');
    expect(
      names(planCleanup([made], [made], [], { ...options, now: new Date('2026-10-26T21:59:59Z') })).deleted,
    ).toEqual([]);
    expect(
      names(planCleanup([made], [made], [], { ...options, now: new Date('2026-10-26T22:00:00Z') })).deleted,
    ).toEqual(['dst']);
  });
});

describe('disksWithKeepMet', () => {
  const expired = [
    snap('e1', '2026-11-17T23:00:00Z', '2026-11-24T23:00:00Z'),
    snap('e2', '2026-11-16T23:00:00Z', '2026-11-23T23:00:00Z'),
  ];
  const coverage = (unexpiredComplete: number, oldestUnexpiredComplete?: string) => [
    {
      sourceResourceId: DISK.toLowerCase(),
      sourceUniqueId: 'u1',
      unexpiredComplete,
      ...(oldestUnexpiredComplete === undefined ? {} : { oldestUnexpiredComplete }),
    },
  ];
  it.each([
    ['6 newer complete snapshots, keep 1', coverage(6, '2026-11-18T23:00:00Z'), 1, true],
    ['6 newer complete snapshots, keep 6', coverage(6, '2026-11-18T23:00:00Z'), 6, true],
    ['6 newer complete snapshots, keep 7', coverage(6, '2026-11-18T23:00:00Z'), 7, false],
    ['an unexpired one older than an expired one', coverage(6, '2026-11-17T22:00:00Z'), 1, false],
    ['an unexpired one as old as the newest expired one', coverage(6, '2026-11-17T23:00:00Z'), 1, false],
    ['no complete unexpired snapshot', [], 1, false],
    ['no complete unexpired snapshot, keep 0', [], 0, true],
    ['an unreadable creation time', coverage(6, 'soon'), 1, false],
    [
      'a recreated disk of the same name',
      coverage(6, '2026-11-18T23:00:00Z').map((row) => ({ ...row, sourceUniqueId: 'u2' })),
      1,
      false,
    ],
  ])('%s → met: %s', (_, rows, minimumKeep, met) => {
    expect(disksWithKeepMet(expired, rows, minimumKeep).size).toBe(met ? 1 : 0);
  });
});

describe('tagsCleanupReads', () => {
  it('keeps marker, expiry, slot and catalog partition, in any case of their names, and drops the rest', () => {
    expect(
      tagsCleanupReads({
        AKSSnapshotBackupManagedBy: 'aks-snapshot-backup',
        aksSnapshotBackupExpiresOn: '2026-11-28T23:00:00.000Z',
        aksSnapshotBackupSlot: '2026-11-24T23:00:00.000Z',
        aksSnapshotBackupCatalogPartition: '2026-11-25',
        aksSnapshotBackupRunId: 'backup-20261124T2300Z',
        aksSnapshotBackupPvcName: 'data-postgres-0',
        owner: 'team-a',
      }),
    ).toEqual({
      AKSSnapshotBackupManagedBy: 'aks-snapshot-backup',
      aksSnapshotBackupExpiresOn: '2026-11-28T23:00:00.000Z',
      aksSnapshotBackupSlot: '2026-11-24T23:00:00.000Z',
      aksSnapshotBackupCatalogPartition: '2026-11-25',
    });
  });
});
