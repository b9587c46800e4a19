import { tableClient } from '../../src/azure/azureConnection';
import type { ReconcileSummary } from '../../src/domain/reconcileRun';
import type { SimulatedSnapshot } from '../../src/emulator/arm/simulatedResources';
import {
  backupNights,
  cleanupSlot,
  runCleanup,
  startBackup,
  startHarness,
  type Harness,
} from '../support/backupHarness';
import { generatedFleet } from '../support/generatedFleet';
import { legacyFleet } from '../support/legacyFleet';

let harness: Harness;
afterEach(async () => {
  await harness.stop();
});

const reconcileSlot = (utc: string) => ({
  kind: 'reconcile' as const,
  utc: new Date(utc),
  scheduled: '',
  timeZone: 'Europe/Berlin',
});

async function reconcile(h: Harness, utc: string, dryRun = false): Promise<ReconcileSummary> {
  const status = await h.host.runner.waitForCompletion(startBackup(h, reconcileSlot(utc), { dryRun }));
  if (status.runtimeStatus !== 'Completed') throw new Error(String(status.output));
  return status.output as ReconcileSummary;
}

async function rows(h: Harness, account: string): Promise<Map<string, Record<string, unknown>>> {
  const table = tableClient(h.local.connection(), account, h.settings.catalogTableName);
  const found = new Map<string, Record<string, unknown>>();
  for await (const row of table.listEntities()) found.set(row.rowKey ?? '', row);
  return found;
}

const snapshot = (h: Harness, name: string) =>
  h.local.azure.allResources().find((r): r is SimulatedSnapshot => r.kind === 'snapshot' && r.name === name);

describe('migration from the PowerShell version', () => {
  it('adopts exactly the legacy snapshots the rules allow, removes rows of deleted ones, and touches nothing else', async () => {
    harness = await startHarness({ fixture: legacyFleet(), start: new Date('2026-11-03T01:00:00Z') });
    const summary = await reconcile(harness, '2026-11-03T01:00:00Z');
    expect(summary.adopted).toEqual(['pvc-adopt-2026-11-02T12-00AM']);
    expect(summary.removed).toEqual([
      {
        rowKey: 'pvc-deleted-by-hand-2026-11-02T12-00AM',
        reason: 'legacy row whose snapshot no longer exists',
      },
    ]);
    expect(summary.reports.map((r) => r.rowKey).sort()).toEqual([
      'pvc-moved-2026-11-02T12-00AM',
      'pvc-swap-2026-11-02T12-00AM',
    ]);
    expect(summary.reports.find((r) => r.rowKey.startsWith('pvc-moved'))?.problem).toContain(
      'not the backup resource group',
    );
    expect(summary.reports.find((r) => r.rowKey.startsWith('pvc-swap'))?.problem).toContain('was taken from');

    // Adopted: our marker and an expiry of partition date (local midnight) + retentionTime days.
    expect(snapshot(harness, 'pvc-adopt-2026-11-02T12-00AM')?.tags).toMatchObject({
      aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
      aksSnapshotBackupExpiresOn: '2026-11-04T23:00:00.000Z',
      aksSnapshotBackupRetentionDays: '3',
    });
    for (const untouched of [
      'pvc-moved-2026-11-02T12-00AM',
      'pvc-swap-2026-11-02T12-00AM',
      'pvc-nolegacyrow-2026-11-02T12-00AM',
    ]) {
      expect(snapshot(harness, untouched)?.tags).toEqual({});
    }
    const catalog = await rows(harness, 'legacycatalog');
    expect([...catalog.keys()].sort()).toEqual([
      'pvc-adopt-2026-11-02T12-00AM',
      'pvc-moved-2026-11-02T12-00AM',
      'pvc-swap-2026-11-02T12-00AM',
    ]);
    expect(catalog.get('pvc-adopt-2026-11-02T12-00AM')?.expiresOn).toEqual(
      new Date('2026-11-04T23:00:00.000Z'),
    );
  });

  it('lets an adopted snapshot follow the normal rules: a later cleanup deletes it once expired', async () => {
    harness = await startHarness({ fixture: legacyFleet(), start: new Date('2026-11-03T01:00:00Z') });
    await reconcile(harness, '2026-11-03T01:00:00Z');
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    harness.clock.advanceTo(new Date('2026-11-06T01:00:00Z'));
    const summary = await runCleanup(harness, cleanupSlot('2026-11-06T01:00:00Z'));
    expect(summary.snapshots.filter((s) => s.outcome === 'deleted').map((s) => s.name)).toEqual([
      'pvc-adopt-2026-11-02T12-00AM',
    ]);
    expect(snapshot(harness, 'pvc-nolegacyrow-2026-11-02T12-00AM')).toBeDefined();
    expect(snapshot(harness, 'pvc-moved-2026-11-02T12-00AM')).toBeDefined();
  });

  it('changes nothing in a dry run but says what it would do', async () => {
    harness = await startHarness({ fixture: legacyFleet(), start: new Date('2026-11-03T01:00:00Z') });
    const summary = await reconcile(harness, '2026-11-03T01:00:00Z', true);
    expect(summary.counts).toMatchObject({ adopted: 1, removed: 1 });
    expect(snapshot(harness, 'pvc-adopt-2026-11-02T12-00AM')?.tags).toEqual({});
    expect((await rows(harness, 'legacycatalog')).size).toBe(4);
  });
});

describe('catalog rows edited by hand', () => {
  it('are reported, never crashed on, and never cause a snapshot to be deleted', async () => {
    harness = await startHarness({ fixture: generatedFleet(3), start: new Date('2026-11-09T23:00:00Z') });
    await backupNights(harness, '2026-11-09T23:00:00Z', 1);
    const table = tableClient(harness.local.connection(), 'fleetcatalog', harness.settings.catalogTableName);
    const [first] = [...(await rows(harness, 'fleetcatalog')).values()];
    // Columns removed, wrong types, garbage values.
    await table.upsertEntity({ partitionKey: 'hand', rowKey: 'no-columns' }, 'Replace');
    await table.upsertEntity(
      {
        partitionKey: 'hand',
        rowKey: 'wrong-types',
        azureSnapshotResourceId: 42,
        retentionTime: true,
        expiresOn: 'tomorrow',
      },
      'Replace',
    );
    await table.upsertEntity(
      {
        ...first,
        partitionKey: String(first?.partitionKey),
        rowKey: String(first?.rowKey),
        expiresOn: 'not a date',
        azureSourceDiskResourceId: '/elsewhere',
      },
      'Replace',
    );
    const before = harness.local.azure.allResources().filter((r) => r.kind === 'snapshot').length;

    const summary = await reconcile(harness, '2026-11-10T01:00:00Z');

    expect(harness.local.azure.allResources().filter((r) => r.kind === 'snapshot')).toHaveLength(before);
    expect(summary.reports.map((r) => r.rowKey).sort()).toEqual(
      [String(first?.rowKey), String(first?.rowKey), 'no-columns', 'wrong-types'].sort(),
    );
    expect(summary.reports.find((r) => r.rowKey === 'no-columns')?.problem).toBe(
      'the row names no snapshot id: ""',
    );
  });
});

describe('reconcile', () => {
  it('restores a lost row from the snapshot tags and removes an orphan row, on a fleet of 1,000 snapshots', async () => {
    harness = await startHarness({
      fixture: generatedFleet(100),
      start: new Date('2026-11-09T23:00:00Z'),
      env: { DEFAULT_RETENTION_DAYS: '30' },
    });
    await backupNights(harness, '2026-11-09T23:00:00Z', 10);
    const table = tableClient(harness.local.connection(), 'fleetcatalog', harness.settings.catalogTableName);
    const before = await rows(harness, 'fleetcatalog');
    expect(before.size).toBe(1_000);
    const all = [...before.values()];
    const lost = all.slice(0, 10);
    const orphaned = all.slice(10, 20);
    for (const row of lost) await table.deleteEntity(String(row.partitionKey), String(row.rowKey));
    for (const row of orphaned) harness.local.azure.removeResource(String(row.azureSnapshotResourceId));

    const summary = await reconcile(harness, '2026-11-19T01:00:00Z');
    expect(summary.counts).toMatchObject({
      rows: 990,
      snapshots: 990,
      restored: 10,
      removed: 10,
      adopted: 0,
      reported: 0,
    });
    const after = await rows(harness, 'fleetcatalog');
    const snapshots = harness.local.azure.allResources().filter((r) => r.kind === 'snapshot');
    expect([...after.keys()].sort()).toEqual(snapshots.map((s) => s.name).sort());
    const restored = after.get(String(lost[0]?.rowKey));
    expect(restored).toMatchObject({
      partitionKey: lost[0]?.partitionKey,
      retentionTime: '30',
      azureSourceDiskResourceId: lost[0]?.azureSourceDiskResourceId,
      pvcNamespace: 'load',
    });
    expect(restored?.expiresOn).toEqual(lost[0]?.expiresOn);
  }, 120_000);

  it('runs at the end of every cleanup, so the rows of snapshots deleted before a crash are removed', async () => {
    harness = await startHarness({ fixture: generatedFleet(5), start: new Date('2026-11-09T23:00:00Z') });
    await backupNights(harness, '2026-11-09T23:00:00Z', 2);
    harness.clock.advanceTo(new Date('2026-12-01T01:00:00Z'));
    for (const d of harness.local.azure.allResources().filter((r) => r.kind === 'disk'))
      harness.local.azure.removeResource(d.id);
    const slot = cleanupSlot('2026-12-01T01:00:00Z');
    startBackup(harness, slot);
    await harness.host.runner.runUntil(() =>
      harness.local.azure.allResources().every((r) => r.kind !== 'snapshot'),
    );
    await harness.restartHost();
    const rerun = await runCleanup(harness, slot);
    expect(rerun.reconcile?.counts.removed).toBe(10);
    expect((await rows(harness, 'fleetcatalog')).size).toBe(0);
  });
});
