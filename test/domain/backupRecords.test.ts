import {
  auditRecordsOf,
  catalogRowsOf,
  recordedRowOf,
  type BackupRecordCommon,
  type RecordedDisk,
} from '../../src/domain/backupRecords';

const common: BackupRecordCommon = {
  subscriptionId: 'sub-1',
  backupResourceGroup: 'aks-snapshot-backup',
  partitionKey: '2026-11-25',
  slotUtc: '2026-11-24T23:00:00.000Z',
  runId: 'backup-20261124T2300Z',
  incremental: true,
  at: '2026-11-24T23:20:00.000Z',
};
const diskId = '/subscriptions/Sub-1/resourceGroups/MC_rg/providers/Microsoft.Compute/disks/pvc-1';
const madeId =
  '/subscriptions/sub-1/resourceGroups/aks-snapshot-backup/providers/Microsoft.Compute/snapshots/pvc-1-2026-11-25T12-00AM';
const row = {
  status: 'succeeded' as const,
  uniqueId: 'u-1',
  location: 'westeurope',
  retentionDays: 7,
  expiresOn: '2026-12-01T23:00:00.000Z',
  pvcNamespace: 'shop',
  pvcName: 'data-postgres-0',
};
const created: RecordedDisk = {
  diskId,
  snapshotName: 'pvc-1-2026-11-25T12-00AM',
  outcome: 'created',
  durationMs: 90_000,
  row,
};

describe('recordedRowOf', () => {
  it('leaves out the snapshot id that subscription, group and name make', () => {
    expect(recordedRowOf(common, 'pvc-1-2026-11-25T12-00AM', madeId, row)).toEqual(row);
  });

  it('keeps an id Azure spells differently', () => {
    const azureId = madeId.replace('aks-snapshot-backup', 'AKS-SNAPSHOT-BACKUP');
    expect(recordedRowOf(common, 'pvc-1-2026-11-25T12-00AM', azureId, row)).toEqual({
      ...row,
      snapshotId: azureId,
    });
  });
});

describe('catalogRowsOf', () => {
  it('expands an entry into the full catalog row', () => {
    expect(catalogRowsOf(common, [created])).toEqual([
      {
        partitionKey: '2026-11-25',
        rowKey: 'pvc-1-2026-11-25T12-00AM',
        azureSnapshotResourceId: madeId,
        azureSourceDiskResourceId: diskId,
        region: 'westeurope',
        retentionTime: '7',
        expiresOn: new Date('2026-12-01T23:00:00.000Z'),
        status: 'succeeded',
        subscriptionId: 'Sub-1',
        incremental: true,
        slot: new Date('2026-11-24T23:00:00.000Z'),
        runId: 'backup-20261124T2300Z',
        sourceUniqueId: 'u-1',
        pvcNamespace: 'shop',
        pvcName: 'data-postgres-0',
      },
    ]);
  });

  it('uses the id Azure gave when the entry carries one', () => {
    const azureId = madeId.toUpperCase();
    const [only] = catalogRowsOf(common, [{ ...created, row: { ...row, snapshotId: azureId } }]);
    expect(only?.azureSnapshotResourceId).toBe(azureId);
  });

  it('writes no row for a disk whose snapshot does not exist', () => {
    const failed: RecordedDisk = { diskId, snapshotName: 'pvc-1-2026-11-25T12-00AM', outcome: 'failed' };
    expect(catalogRowsOf(common, [failed])).toEqual([]);
  });
});

describe('auditRecordsOf', () => {
  it('records each disk once, and its warning as a second record', () => {
    const warned: RecordedDisk = { ...created, warning: 'retentionTime "7d" is not a number of days' };
    const at = new Date('2026-11-24T23:20:00.000Z');
    expect(auditRecordsOf(common, [warned])).toEqual([
      {
        diskId,
        at,
        runId: 'backup-20261124T2300Z',
        kind: 'created',
        snapshotName: 'pvc-1-2026-11-25T12-00AM',
        durationMs: 90_000,
      },
      {
        diskId,
        at,
        runId: 'backup-20261124T2300Z',
        kind: 'warning',
        snapshotName: 'pvc-1-2026-11-25T12-00AM',
        message: 'retentionTime "7d" is not a number of days',
      },
    ]);
  });

  it('keeps a failure’s reason as the message', () => {
    const failed: RecordedDisk = {
      diskId,
      snapshotName: 'pvc-1-2026-11-25T12-00AM',
      outcome: 'failed',
      message: '404 ResourceNotFound',
    };
    expect(auditRecordsOf(common, [failed])[0]?.message).toBe('404 ResourceNotFound');
  });
});
