import { formatBackupReport } from '../../src/cli/backupReport';
import type { BackupRunSummary } from '../../src/domain/backupRun';

const summary: BackupRunSummary = {
  runId: 'backup-20261124T2300Z',
  slot: { utc: '2026-11-24T23:00:00.000Z', scheduled: '00:00', timeZone: 'Europe/Berlin' },
  dryRun: false,
  counts: { created: 1, exists: 0, pending: 0, failed: 1, planned: 0, warnings: 1, notUnderstood: 1 },
  disks: [
    {
      diskId: '/subscriptions/s-0001/resourceGroups/rg/providers/Microsoft.Compute/disks/pvc-1',
      diskName: 'pvc-1',
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      location: 'westeurope',
      resourceGroup: 'aks-snapshot-backup',
      snapshotName: 'pvc-1-2026-11-25T12-00AM',
      expiresOn: '2026-12-01T23:00:00.000Z',
      outcome: 'created',
      warning: 'retentionTime "7d" is not a whole number',
      pvc: 'shop/data-0',
    },
    {
      diskId: '/subscriptions/s-0001/resourceGroups/rg/providers/Microsoft.Compute/disks/gone',
      diskName: 'gone',
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      location: 'westeurope',
      resourceGroup: 'aks-snapshot-backup',
      snapshotName: 'gone-2026-11-25T12-00AM',
      expiresOn: '2026-11-27T23:00:00.000Z',
      outcome: 'failed',
      error: '404 ResourceNotFound: gone',
    },
  ],
  notUnderstood: [{ diskId: '/subscriptions/s/…/disks/typo', value: 'yes' }],
};

describe('formatBackupReport', () => {
  it('has a headline, one line per disk, then errors, warnings and values not understood', () => {
    const lines = formatBackupReport(summary).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'backup-20261124T2300Z: 1 created, 0 already there, 0 pending, 1 failed (1 warnings, 1 tag values not understood)',
    );
    expect(lines[3]).toMatch(
      /^created {2}…0001 westeurope +shop\/data-0 \(pvc-1…\) +pvc-1-2026-11-25T12-00AM +2026-12-01$/,
    );
    expect(lines[4]).toMatch(/^failed {3}…0001 westeurope +gone +gone-2026-11-25T12-00AM +2026-11-27$/);
    expect(lines.slice(6)).toEqual([
      'warning shop/data-0 (pvc-1…): retentionTime "7d" is not a whole number',
      'error   gone: 404 ResourceNotFound: gone',
      'not onboarded /subscriptions/s/…/disks/typo: aksSnapshotBackupEnabled="yes" is not understood (use "true")',
    ]);
  });
});
