import { deleteVerdict, type LiveSnapshotFacts } from '../../src/domain/deleteGuard';

const now = new Date('2026-11-25T02:00:00Z');
const ours = (expiresOn: string, resourceGroup = 'aks-snapshot-backup'): LiveSnapshotFacts => ({
  resourceGroup,
  tags: { aksSnapshotBackupManagedBy: 'aks-snapshot-backup', aksSnapshotBackupExpiresOn: expiresOn },
});

describe('deleteVerdict', () => {
  it.each<[string, LiveSnapshotFacts | undefined, ReturnType<typeof deleteVerdict>]>([
    ['expired, ours, in the backup group', ours('2026-11-25T01:59:00.000Z'), { verdict: 'delete' }],
    ['expiring exactly now', ours('2026-11-25T02:00:00.000Z'), { verdict: 'delete' }],
    [
      'group named in another case',
      ours('2026-11-20T00:00:00.000Z', 'AKS-Snapshot-Backup'),
      { verdict: 'delete' },
    ],
    ['no longer there', undefined, { verdict: 'gone' }],
    [
      'marker removed',
      {
        resourceGroup: 'aks-snapshot-backup',
        tags: { aksSnapshotBackupExpiresOn: '2026-11-20T00:00:00.000Z' },
      },
      { verdict: 'skip', reason: 'the snapshot no longer carries our marker tag' },
    ],
    [
      'moved out of the backup group',
      ours('2026-11-20T00:00:00.000Z', 'somewhere-else'),
      { verdict: 'skip', reason: 'the snapshot is outside the backup resource group aks-snapshot-backup' },
    ],
    [
      'expiry extended since the plan',
      ours('2027-01-01T00:00:00.000Z'),
      { verdict: 'skip', reason: 'the live snapshot expires 2027-01-01T00:00:00.000Z' },
    ],
    [
      'expiry unreadable',
      ours('next week'),
      { verdict: 'skip', reason: 'the live snapshot expires never (unreadable expiry)' },
    ],
  ])('%s', (_, live, expected) => {
    expect(deleteVerdict(live, 'aks-snapshot-backup', now)).toEqual(expected);
  });
});
