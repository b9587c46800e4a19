import { odata, type TableEntityResult } from '@azure/data-tables';
import { tableClient } from '../../src/azure/azureConnection';
import type { SimulatedSnapshot } from '../../src/emulator/arm/simulatedResources';
import { auditPartitionKey } from '../../src/azure/catalogStore';
import { nightSlot, runBackup, startBackup, startHarness, type Harness } from '../support/backupHarness';
import { generatedFleet } from '../support/generatedFleet';

let harness: Harness;
afterEach(async () => {
  await harness.stop();
});

const snapshots = (h: Harness): SimulatedSnapshot[] =>
  h.local.azure
    .allResources()
    .filter((r): r is SimulatedSnapshot => r.kind === 'snapshot' && r.name !== 'manual-before-upgrade');

async function catalogRows(h: Harness): Promise<TableEntityResult<Record<string, unknown>>[]> {
  const table = tableClient(h.local.connection(), 'akssnapbackupcatalog', h.settings.catalogTableName);
  const rows: TableEntityResult<Record<string, unknown>>[] = [];
  for await (const row of table.listEntities()) rows.push(row);
  return rows;
}

describe('backupRun on the default fleet', () => {
  it('backs up every onboarded disk with the right names, places, tags and catalog rows', async () => {
    harness = await startHarness();
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toEqual({
      created: 30,
      exists: 0,
      pending: 0,
      failed: 0,
      planned: 0,
      warnings: 1,
      notUnderstood: 2,
    });

    const made = snapshots(harness);
    expect(made).toHaveLength(30);
    for (const snapshot of made) {
      const disk = harness.local.azure.find(snapshot.sourceResourceId);
      expect(disk?.kind).toBe('disk');
      expect(snapshot.resourceGroup).toBe('aks-snapshot-backup');
      expect(snapshot.subscriptionId).toBe(disk?.subscriptionId);
      expect(snapshot.location).toBe(disk?.location);
      expect(snapshot.incremental).toBe(true);
      expect(snapshot.tags.aksSnapshotBackupManagedBy).toBe('aks-snapshot-backup');
      expect(snapshot.tags.aksSnapshotBackupSlot).toBe('2026-11-24T23:00:00.000Z');
      expect(snapshot.name.endsWith('-2026-11-25T12-00AM')).toBe(true);
    }
    const names = made.map((s) => s.name);
    expect(names.filter((n) => n.startsWith('shared-config-'))).toHaveLength(2);
    expect(names.some((n) => n.startsWith('static-reporting') && n.length === 80)).toBe(true);

    const rows = await catalogRows(harness);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.partitionKey === '2026-11-25' && r.status === 'succeeded')).toBe(true);
    const postgres = rows.find((r) => r.pvcName === 'data-postgres-0' && r.region === 'northeurope');
    expect(postgres).toMatchObject({
      retentionTime: '7',
      pvcNamespace: 'orders',
      incremental: true,
      runId: 'backup-20261124T2300Z',
    });
    expect(postgres?.expiresOn).toEqual(new Date('2026-12-01T23:00:00.000Z'));
    const postgresSnapshot = made.find((s) => s.name === postgres?.rowKey);
    expect(postgresSnapshot?.tags).toEqual({
      aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
      aksSnapshotBackupRetentionDays: '7',
      aksSnapshotBackupExpiresOn: '2026-12-01T23:00:00.000Z',
      aksSnapshotBackupSlot: '2026-11-24T23:00:00.000Z',
      aksSnapshotBackupRunId: 'backup-20261124T2300Z',
      aksSnapshotBackupSourceDisk: postgresSnapshot?.name.replace(/-2026-11-25T12-00AM$/, ''),
      aksSnapshotBackupCatalogPartition: '2026-11-25',
      aksSnapshotBackupPvcNamespace: 'orders',
      aksSnapshotBackupPvcName: 'data-postgres-0',
    });

    const bad = summary.disks.find((d) => d.warning !== undefined);
    expect(bad?.warning).toContain('retentionTime "7d"');
    expect(summary.notUnderstood.map((n) => n.value).sort()).toEqual(['ture', 'yes']);
  });

  it('creates nothing twice when the same slot runs again', async () => {
    harness = await startHarness();
    await runBackup(harness, nightSlot());
    const putsBefore = harness.local.arm.requestLog.filter((r) => r.method === 'PUT').length;
    const again = await runBackup(harness, nightSlot());
    expect(again.counts).toMatchObject({ created: 0, exists: 30, failed: 0 });
    expect(snapshots(harness)).toHaveLength(30);
    expect(harness.local.arm.requestLog.filter((r) => r.method === 'PUT').length).toBe(putsBefore);
    expect(await catalogRows(harness)).toHaveLength(30);
  });

  it('finishes after a crash half-way without duplicates', async () => {
    harness = await startHarness();
    startBackup(harness, nightSlot());
    await harness.host.runner.runUntil(
      () => harness.local.arm.requestLog.filter((r) => r.method === 'PUT').length >= 12,
    );
    // The process dies: a new host knows nothing of the first run and starts the slot again.
    await harness.restartHost();
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts.failed).toBe(0);
    expect(summary.counts.created + summary.counts.exists).toBe(30);
    expect(summary.counts.exists).toBeGreaterThanOrEqual(12);
    const made = snapshots(harness);
    expect(made).toHaveLength(30);
    expect(new Set(made.map((s) => s.sourceResourceId.toLowerCase())).size).toBe(30);
  });

  it('records a disk deleted mid-run and backs up the rest', async () => {
    harness = await startHarness();
    const victim = harness.local.azure
      .allResources()
      .find((r) => r.kind === 'disk' && r.tags['kubernetes.io-created-for-pvc-name'] === 'data-kafka-2');
    harness.local.arm.afterRequests(4, () => harness.local.azure.removeResource(victim?.id ?? ''));
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ created: 29, failed: 1 });
    const failed = summary.disks.find((d) => d.outcome === 'failed');
    expect(failed?.diskId).toBe(victim?.id);
    expect(failed?.error).toMatch(/^404 ResourceNotFound/);
  });

  it('retries transient 500s', async () => {
    harness = await startHarness({ local: { faultSeed: 3 } });
    harness.local.arm.injectFault(
      { method: 'PUT', times: 5 },
      { type: 'status', status: 500, code: 'InternalServerError' },
    );
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ created: 30, failed: 0 });
    expect(harness.local.arm.requestLog.filter((r) => r.status === 500)).toHaveLength(5);
  });

  it('verifies a Premium SSD v2 snapshot once its background copy completes', async () => {
    harness = await startHarness({
      local: { createDurationMs: 20_000, backgroundCopyDurationMs: 5 * 60_000 },
    });
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ created: 30, pending: 0, failed: 0 });
    const clickhouse = summary.disks.filter((d) => d.pvc?.startsWith('analytics/data-clickhouse'));
    expect(clickhouse).toHaveLength(2);
    for (const disk of clickhouse) expect(disk.durationMs).toBeGreaterThanOrEqual(5 * 60_000);
    const others = summary.disks.filter((d) => !d.pvc?.startsWith('analytics/'));
    expect(Math.max(...others.map((d) => d.durationMs ?? 0))).toBeLessThan(5 * 60_000);
  });

  it('reports exactly what a dry run would create and writes nothing', async () => {
    harness = await startHarness();
    const summary = await runBackup(harness, nightSlot(), { dryRun: true });
    expect(summary.counts).toMatchObject({ planned: 30, created: 0 });
    expect(
      summary.disks.every(
        (d) => d.snapshotName.endsWith('2026-11-25T12-00AM') && d.resourceGroup === 'aks-snapshot-backup',
      ),
    ).toBe(true);
    expect(snapshots(harness)).toHaveLength(0);
    expect(
      harness.local.arm.requestLog.filter((r) => r.method !== 'GET' && r.method !== 'POST'),
    ).toHaveLength(0);
    await expect(catalogRows(harness)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('fails the run with a clear error when the catalog is unreachable', async () => {
    harness = await startHarness();
    harness.local.tableGate.closeUntil(new Date('2026-11-26T00:00:00Z'));
    const status = await harness.host.runner.waitForCompletion(startBackup(harness, nightSlot()));
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toBe(
      "Orchestrator function 'backupRun' failed: The catalog is unreachable: still failing after 5 attempts: ECONNRESET: socket hang up",
    );
    expect(snapshots(harness)).toHaveLength(0);
  });

  it('fails the run with an error naming the subscription whose inventory is refused, and takes no snapshot of it', async () => {
    harness = await startHarness();
    // ARM requests so far: the catalog account query and the scope query; then the subscription's inventory.
    harness.local.arm.afterRequests(2, () => {
      harness.local.arm.injectFault(
        { method: 'POST', pathIncludes: 'Microsoft.ResourceGraph', times: 1 },
        { type: 'status', status: 403, code: 'AuthorizationFailed' },
      );
    });
    const status = await harness.host.runner.waitForCompletion(startBackup(harness, nightSlot()));
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(
      /^Orchestrator function 'backupRun' failed: The disk inventory of subscription 00000000-0000-0000-0000-000000000001 failed: 403 AuthorizationFailed/,
    );
    expect(snapshots(harness)).toHaveLength(0);
  });

  it('reports a missing backup resource group per disk without failing the run', async () => {
    harness = await startHarness({ env: { BACKUP_RESOURCE_GROUP: 'not-created-yet' } });
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ failed: 30 });
    expect(summary.disks[0]?.error).toContain("the backup resource group 'not-created-yet' does not exist");
  });

  it('narrows a run to one disk by filter', async () => {
    harness = await startHarness();
    const summary = await runBackup(harness, nightSlot(), {
      filters: { subscriptions: [], resourceGroups: [], disks: ['shared-config'] },
    });
    expect(summary.disks.map((d) => d.diskName)).toEqual(['shared-config', 'shared-config']);
  });

  it('hashes the names of disks that share a name across subscriptions', async () => {
    const first = generatedFleet(2, '00000000-0000-0000-0000-0000000000a1');
    const second = generatedFleet(1, '00000000-0000-0000-0000-0000000000a2');
    // One catalog account: the second subscription's copy of it is left out.
    const secondSubscriptions = second.subscriptions.map((subscription) => ({
      ...subscription,
      resourceGroups: subscription.resourceGroups.map((group) => ({ ...group, storageAccounts: [] })),
    }));
    harness = await startHarness({
      fixture: { ...first, subscriptions: [...first.subscriptions, ...secondSubscriptions] },
    });
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ created: 3, failed: 0 });
    const names = snapshots(harness)
      .map((s) => s.name)
      .sort();
    expect(names).toEqual([
      'pvc-00000000-0000-4000-8000-000000000000-0abb45a1-2026-11-25T12-00AM',
      'pvc-00000000-0000-4000-8000-000000000000-23c0bc1e-2026-11-25T12-00AM',
      'pvc-00000001-0000-4000-8000-000000000000-2026-11-25T12-00AM',
    ]);
  });
});

describe('logs', () => {
  it('writes one structured line per disk outcome, never repeated on replay', async () => {
    const lines: string[] = [];
    harness = await startHarness({
      log: (_level, functionName, message) => {
        if (functionName === 'backupSubscription') lines.push(message);
      },
    });
    await runBackup(harness, nightSlot());
    const created = lines
      .map((line) => JSON.parse(line) as { outcome?: string; diskId?: string })
      .filter((l) => l.outcome === 'created');
    expect(created).toHaveLength(30);
    expect(new Set(created.map((l) => l.diskId)).size).toBe(30);
    expect(harness.host.runner.stats.episodes).toBeGreaterThan(10);
  });
});

describe('audit records', () => {
  it('writes one event per disk and warnings, in the disk’s partition', async () => {
    harness = await startHarness();
    const summary = await runBackup(harness, nightSlot());
    const audit = tableClient(
      harness.local.connection(),
      'akssnapbackupcatalog',
      harness.settings.auditTableName,
    );
    const warned = summary.disks.find((d) => d.warning !== undefined);
    const kinds: string[] = [];
    for await (const e of audit.listEntities<{ kind: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${auditPartitionKey(warned?.diskId ?? '')}` },
    })) {
      kinds.push(e.kind);
    }
    expect(kinds.sort()).toEqual(['created', 'warning']);
  });
});
