import { odata, type TableClient } from '@azure/data-tables';
import { resourceGraphClient, tableClient } from '../../src/azure/azureConnection';
import {
  auditPartitionKey,
  CatalogAccountError,
  ensureTable,
  findCatalogAccount,
  writeAuditRecords,
  writeCatalogRows,
  type CatalogRow,
} from '../../src/azure/catalogStore';
import { LocalAzure } from '../../src/emulator/localAzure';
import { VirtualClock } from '../../src/runtime/clock';
import { SUB_A, SUB_B, smallFleet } from '../emulator/testFleet';

let local: LocalAzure;
let catalog: TableClient;
let audit: TableClient;

beforeAll(async () => {
  local = await LocalAzure.start({
    fixture: smallFleet(),
    clock: new VirtualClock(new Date('2026-11-25T00:00:00Z')),
    catalogTableName: 'akssnapshotbackup',
  });
  catalog = tableClient(local.connection(), 'catalogaccount', 'akssnapshotbackup');
  audit = tableClient(local.connection(), 'catalogaccount', 'akssnapshotbackupaudit');
  await ensureTable(catalog);
  await ensureTable(catalog);
  await ensureTable(audit);
});
afterAll(async () => {
  await local.stop();
});

const row = (i: number, partitionKey = '2026-11-25'): CatalogRow => ({
  partitionKey,
  rowKey: `pvc-${i}-2026-11-25T12-00AM`,
  azureSnapshotResourceId: `/subscriptions/${SUB_A}/resourceGroups/aks-snapshot-backup/providers/Microsoft.Compute/snapshots/pvc-${i}`,
  azureSourceDiskResourceId: `/subscriptions/${SUB_A}/resourceGroups/MC_x/providers/Microsoft.Compute/disks/pvc-${i}`,
  region: 'westeurope',
  retentionTime: '7',
  expiresOn: new Date('2026-12-01T23:00:00Z'),
  status: 'succeeded',
  subscriptionId: SUB_A,
  incremental: true,
  slot: new Date('2026-11-24T23:00:00Z'),
  runId: 'backup-20261124T2300Z',
  sourceUniqueId: '00000000-0000-0000-0000-000000000000',
  pvcNamespace: 'shop',
  pvcName: `data-${i}`,
});

describe('findCatalogAccount', () => {
  it('finds the account tagged aksSnapshotBackupDatabase: tableStorage', async () => {
    expect(await findCatalogAccount(resourceGraphClient(local.connection()), [], '')).toBe('catalogaccount');
  });

  it('prefers the setting', async () => {
    expect(await findCatalogAccount(resourceGraphClient(local.connection()), [], 'configured')).toBe(
      'configured',
    );
  });

  it('says what to do when no account is tagged', async () => {
    await expect(findCatalogAccount(resourceGraphClient(local.connection()), [SUB_B], '')).rejects.toThrow(
      new CatalogAccountError(
        'No storage account is tagged aksSnapshotBackupDatabase: tableStorage; tag one or set CATALOG_STORAGE_ACCOUNT.',
      ),
    );
  });
});

describe('writeCatalogRows', () => {
  it('writes 250 rows of one partition in 3 transactions with the original columns and ours', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => row(i));
    expect(await writeCatalogRows(catalog, rows)).toBe(3);
    const stored = await catalog.getEntity('2026-11-25', 'pvc-7-2026-11-25T12-00AM');
    expect(stored).toMatchObject({
      azureSnapshotResourceId: row(7).azureSnapshotResourceId,
      azureSourceDiskResourceId: row(7).azureSourceDiskResourceId,
      region: 'westeurope',
      retentionTime: '7',
      status: 'succeeded',
      incremental: true,
      pvcName: 'data-7',
    });
    expect(stored.expiresOn).toEqual(new Date('2026-12-01T23:00:00Z'));
  });

  it('rewrites the same rows on a rerun instead of failing or duplicating', async () => {
    await writeCatalogRows(catalog, [row(1, 'rerun'), row(2, 'rerun')]);
    await writeCatalogRows(catalog, [{ ...row(1, 'rerun'), status: 'copying' }, row(2, 'rerun')]);
    const found: string[] = [];
    for await (const e of catalog.listEntities<{ status: string }>({
      queryOptions: { filter: odata`PartitionKey eq 'rerun'` },
    })) {
      found.push(`${e.rowKey ?? ''}:${e.status}`);
    }
    expect(found).toEqual(['pvc-1-2026-11-25T12-00AM:copying', 'pvc-2-2026-11-25T12-00AM:succeeded']);
  });

  it('splits rows of several partitions into one transaction per partition', async () => {
    expect(await writeCatalogRows(catalog, [row(1, 'a'), row(2, 'b'), row(3, 'a')])).toBe(2);
  });
});

describe('writeAuditRecords', () => {
  it('keeps every event of a disk in one partition keyed by a hash of its lower-cased id', async () => {
    const diskId = `/subscriptions/${SUB_A}/resourceGroups/MC_X/providers/Microsoft.Compute/disks/PVC-9`;
    await writeAuditRecords(audit, [
      {
        diskId,
        at: new Date('2026-11-24T23:00:01Z'),
        runId: 'backup-20261124T2300Z',
        kind: 'warning',
        message: 'retentionTime "7d"',
      },
      {
        diskId,
        at: new Date('2026-11-24T23:00:02Z'),
        runId: 'backup-20261124T2300Z',
        kind: 'created',
        snapshotName: 's',
        durationMs: 1200,
      },
      {
        diskId: diskId.toLowerCase(),
        at: new Date('2026-11-25T23:00:02Z'),
        runId: 'backup-20261125T2300Z',
        kind: 'failed',
        message: 'gone',
      },
    ]);
    const kinds: string[] = [];
    for await (const e of audit.listEntities<{ kind: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${auditPartitionKey(diskId)}` },
    })) {
      kinds.push(e.kind);
    }
    expect(kinds).toEqual(['warning', 'created', 'failed']);
    expect(auditPartitionKey(diskId)).toMatch(/^[0-9a-f]{32}$/);
  });
});
