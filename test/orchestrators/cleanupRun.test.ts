import { tableClient } from '../../src/azure/azureConnection';
import type { SimulatedSnapshot } from '../../src/emulator/arm/simulatedResources';
import { generatedFleet } from '../support/generatedFleet';
import {
  backupNights,
  cleanupSlot,
  runCleanup,
  startBackup,
  startHarness,
  type Harness,
} from '../support/backupHarness';

let harness: Harness;
afterEach(async () => {
  await harness.stop();
});

const ours = (h: Harness): SimulatedSnapshot[] =>
  h.local.azure
    .allResources()
    .filter(
      (r): r is SimulatedSnapshot =>
        r.kind === 'snapshot' && r.tags.aksSnapshotBackupManagedBy === 'aks-snapshot-backup',
    );

async function catalogNames(h: Harness): Promise<string[]> {
  const table = tableClient(h.local.connection(), 'fleetcatalog', h.settings.catalogTableName);
  const names: string[] = [];
  for await (const row of table.listEntities()) names.push(row.rowKey ?? '');
  return names.sort();
}

/** 5 disks, 3-day retention (the default), backed up every night from 2026-11-10. */
async function fleetWithNights(nights: number, env: Record<string, string> = {}): Promise<Harness> {
  harness = await startHarness({ fixture: generatedFleet(5), start: new Date('2026-11-09T23:00:00Z'), env });
  await backupNights(harness, '2026-11-09T23:00:00Z', nights);
  return harness;
}

describe('cleanupRun', () => {
  it('deletes exactly the expired snapshots and removes their rows, keeping catalog and Azure in agreement', async () => {
    await fleetWithNights(6);
    expect(ours(harness)).toHaveLength(30);
    // Cleanup at 02:00 on 2026-11-15: snapshots of the nights of the 10th, 11th and 12th expired (3 days).
    harness.clock.advanceTo(new Date('2026-11-15T01:00:00Z'));
    const summary = await runCleanup(harness, cleanupSlot('2026-11-15T01:00:00Z'));
    expect(summary.counts).toMatchObject({ deleted: 15, kept: 0, failed: 0, skipped: 0 });
    const left = ours(harness);
    expect(left).toHaveLength(15);
    expect(
      left.every(
        (s) => Date.parse(s.tags.aksSnapshotBackupExpiresOn ?? '') > Date.parse('2026-11-15T01:00:00Z'),
      ),
    ).toBe(true);
    expect(await catalogNames(harness)).toEqual(left.map((s) => s.name).sort());
  });

  it('catches up after a 10-day outage in one run, keeping the newest snapshot of each live disk', async () => {
    await fleetWithNights(3);
    // No backups and no cleanups for 10 days.
    harness.clock.advanceTo(new Date('2026-11-23T01:00:00Z'));
    const summary = await runCleanup(harness, cleanupSlot('2026-11-23T01:00:00Z'));
    expect(summary.counts).toMatchObject({ deleted: 10, kept: 5 });
    const kept = summary.snapshots.filter((s) => s.outcome === 'kept');
    expect(kept.every((s) => s.name.includes('2026-11-12T12-00AM'))).toBe(true);
    expect(kept[0]?.reason).toBe('minimum keep: the newest complete snapshot of a disk that still exists');
    expect(ours(harness)).toHaveLength(5);
  });

  it('lets retention apply normally once the disk is gone', async () => {
    await fleetWithNights(3);
    for (const disk of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(disk.id);
    harness.clock.advanceTo(new Date('2026-11-23T01:00:00Z'));
    const summary = await runCleanup(harness, cleanupSlot('2026-11-23T01:00:00Z'));
    expect(summary.counts).toMatchObject({ deleted: 15, kept: 0 });
    expect(ours(harness)).toHaveLength(0);
    expect(await catalogNames(harness)).toEqual([]);
  });

  it('keeps the older complete snapshot when the newest one is still copying', async () => {
    await fleetWithNights(1);
    // The next night's snapshots are Premium SSD v2 style: still copying.
    harness.clock.advanceTo(new Date('2026-11-10T23:00:00Z'));
    for (const snapshot of ours(harness)) {
      const disk = harness.local.azure.find(snapshot.sourceResourceId);
      if (disk?.kind !== 'disk') continue;
      const copy = harness.local.azure.putSnapshot(
        disk.subscriptionId,
        'aks-snapshot-backup',
        `${disk.name}-copying`,
        {
          location: disk.location,
          tags: { ...snapshot.tags, aksSnapshotBackupExpiresOn: '2026-11-30T00:00:00.000Z' },
          properties: {
            incremental: true,
            creationData: { createOption: 'Copy', sourceResourceId: disk.id },
          },
        },
      ).snapshot;
      copy.completionPercentAtStart = 20;
      copy.copiedAt = new Date('2027-01-01T00:00:00Z');
    }
    harness.clock.advanceTo(new Date('2026-11-20T01:00:00Z'));
    const summary = await runCleanup(harness, cleanupSlot('2026-11-20T01:00:00Z'));
    expect(summary.counts).toMatchObject({ deleted: 0, kept: 5 });
  });

  it('never touches a foreign snapshot or one whose marker was removed, even when expired', async () => {
    await fleetWithNights(1);
    const [first, second] = ours(harness);
    const disk = harness.local.azure.find(first?.sourceResourceId ?? '');
    if (disk?.kind !== 'disk' || first === undefined || second === undefined) throw new Error('fixture');
    harness.local.azure.squatSnapshotName(
      disk.subscriptionId,
      'aks-snapshot-backup',
      'foreign-manual',
      disk.id,
    );
    second.tags = Object.fromEntries(
      Object.entries(second.tags).filter(([key]) => key !== 'aksSnapshotBackupManagedBy'),
    );
    harness.clock.advanceTo(new Date('2026-12-20T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    const summary = await runCleanup(harness, cleanupSlot('2026-12-20T01:00:00Z'));
    expect(summary.counts.deleted).toBe(4);
    const names = harness.local.azure
      .allResources()
      .filter((r) => r.kind === 'snapshot')
      .map((r) => r.name)
      .sort();
    expect(names).toEqual(['foreign-manual', second.name].sort());
  });

  it('re-checks expiry on the live snapshot right before deleting', async () => {
    await fleetWithNights(1);
    const [extended] = ours(harness);
    harness.clock.advanceTo(new Date('2026-12-01T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    // Someone extends the retention between the inventory query and the delete.
    // ARM requests so far: the catalog account query and the first three inventory queries.
    harness.local.arm.afterRequests(4, () => {
      if (extended !== undefined)
        extended.tags = { ...extended.tags, aksSnapshotBackupExpiresOn: '2027-01-01T00:00:00.000Z' };
    });
    const summary = await runCleanup(harness, cleanupSlot('2026-12-01T01:00:00Z'));
    expect(summary.counts).toMatchObject({ deleted: 4, skipped: 1 });
    expect(summary.snapshots.find((s) => s.outcome === 'skipped')?.reason).toBe(
      'the live snapshot expires 2027-01-01T00:00:00.000Z',
    );
  });

  it('deletes nothing in a chunk whose live snapshots cannot be re-checked', async () => {
    await fleetWithNights(1);
    harness.clock.advanceTo(new Date('2026-12-01T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    // The catalog account query and four inventory queries (expired, keep coverage, siblings, disks); then the re-check.
    harness.local.arm.afterRequests(5, () => {
      harness.local.arm.injectFault(
        { method: 'POST', pathIncludes: 'Microsoft.ResourceGraph', times: 1 },
        { type: 'status', status: 403, code: 'AuthorizationFailed' },
      );
    });
    const summary = await runCleanup(harness, cleanupSlot('2026-12-01T01:00:00Z'));
    expect(summary.counts).toMatchObject({ deleted: 0, failed: 5 });
    expect(summary.snapshots.map((s) => s.reason)).toEqual(
      Array(5).fill(expect.stringMatching(/^not deleted: the live snapshots could not be re-checked \(403/)),
    );
    expect(harness.local.arm.requestLog.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(ours(harness)).toHaveLength(5);
    expect(await catalogNames(harness)).toEqual(
      ours(harness)
        .map((s) => s.name)
        .sort(),
    );
  });

  it('sends no GET per snapshot: the re-check is one query per chunk', async () => {
    await fleetWithNights(1);
    harness.clock.advanceTo(new Date('2026-12-01T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    const summary = await runCleanup(harness, cleanupSlot('2026-12-01T01:00:00Z'));
    expect(summary.counts.deleted).toBe(5);
    expect(
      harness.local.arm.requestLog.filter((r) => r.method === 'GET' && /\/snapshots\/[^/]+$/i.test(r.path)),
    ).toEqual([]);
  });

  it('records a lock (409) on delete and goes on', async () => {
    await fleetWithNights(1);
    harness.clock.advanceTo(new Date('2026-12-01T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    harness.local.arm.injectFault(
      { method: 'DELETE' },
      { type: 'status', status: 409, code: 'ScopeLocked', retryAfterSeconds: undefined as unknown as number },
    );
    const summary = await runCleanup(harness, cleanupSlot('2026-12-01T01:00:00Z'));
    expect(summary.counts).toMatchObject({ deleted: 4, blocked: 1 });
    expect(ours(harness)).toHaveLength(1);
    expect(await catalogNames(harness)).toEqual(ours(harness).map((s) => s.name));
  });

  it('loses no row and orphans no snapshot through a 429 storm and 500s on deletes', async () => {
    await fleetWithNights(4);
    harness.clock.advanceTo(new Date('2026-12-01T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    harness.local.arm.injectFaultRate(
      { method: 'DELETE', probability: 0.4 },
      { type: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 1200 },
    );
    harness.local.arm.injectFaultRate(
      { method: 'DELETE', probability: 0.2 },
      { type: 'status', status: 500, code: 'InternalServerError' },
    );
    harness.local.arm.injectFaultRate(
      { method: 'GET', pathIncludes: '/snapshots/', probability: 0.1 },
      { type: 'status', status: 503, code: 'ServiceUnavailable' },
    );
    const summary = await runCleanup(harness, cleanupSlot('2026-12-01T01:00:00Z'));
    expect(summary.counts.deleted + summary.counts.failed).toBe(20);
    expect(ours(harness)).toHaveLength(summary.counts.failed);
    expect(await catalogNames(harness)).toEqual(
      ours(harness)
        .map((s) => s.name)
        .sort(),
    );
    expect(harness.local.arm.requestLog.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('finishes after a crash between the deletes and the row removal', async () => {
    await fleetWithNights(2);
    harness.clock.advanceTo(new Date('2026-12-01T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    const slot = cleanupSlot('2026-12-01T01:00:00Z');
    startBackup(harness, slot);
    await harness.host.runner.runUntil(() => ours(harness).length === 0);
    // Every snapshot is gone but the process dies before the rows are removed.
    expect((await catalogNames(harness)).length).toBeGreaterThan(0);
    await harness.restartHost();
    const rerun = await runCleanup(harness, slot);
    expect(rerun.counts.failed).toBe(0);
    // The rerun finds nothing expired left in Azure; the stale rows are reconcile's to remove.
    expect(ours(harness)).toHaveLength(0);
  });

  it('lists in a dry run what would be deleted and why the rest is kept, changing nothing', async () => {
    await fleetWithNights(4);
    harness.clock.advanceTo(new Date('2026-11-14T01:00:00Z'));
    const summary = await runCleanup(harness, cleanupSlot('2026-11-14T01:00:00Z'), { dryRun: true });
    expect(summary.counts).toMatchObject({ 'would-delete': 10, deleted: 0 });
    expect(summary.snapshots[0]?.reason).toBe('ours, in the backup resource group, expired');
    expect(ours(harness)).toHaveLength(20);
  });
});
