import { findSlotSnapshot, type ExistingSnapshot } from '../../src/domain/existingSnapshots';

const disk = '/subscriptions/s/resourceGroups/MC_rg/providers/Microsoft.Compute/disks/pvc-1';
const slot = new Date('2026-11-24T23:00:00Z');
const snap = (name: string, change: Partial<ExistingSnapshot> = {}): ExistingSnapshot => ({
  id: `/subscriptions/s/resourceGroups/backup/providers/Microsoft.Compute/snapshots/${name}`,
  name,
  sourceResourceId: disk.toUpperCase(),
  sourceUniqueId: 'u-1',
  tags: {},
  ...change,
});
const target = { diskId: disk, diskUniqueId: 'u-1', expectedName: 'pvc-1-2026-11-25T12-00AM', slot };

describe('findSlotSnapshot', () => {
  it.each<[string, ExistingSnapshot, boolean]>([
    ['the expected name from this disk (id in another case)', snap('pvc-1-2026-11-25T12-00AM'), true],
    [
      'another name carrying our slot tag',
      snap('renamed', { tags: { aksSnapshotBackupSlot: '2026-11-24T23:00:00.000Z' } }),
      true,
    ],
    [
      'the expected name from a recreated disk of the same name',
      snap('pvc-1-2026-11-25T12-00AM', { sourceUniqueId: 'u-2' }),
      false,
    ],
    [
      'the expected name from another disk (squatted)',
      snap('pvc-1-2026-11-25T12-00AM', { sourceResourceId: `${disk}-other` }),
      false,
    ],
    [
      'this disk’s snapshot of another slot',
      snap('pvc-1-2026-11-24T12-00AM', { tags: { aksSnapshotBackupSlot: '2026-11-23T23:00:00.000Z' } }),
      false,
    ],
  ])('%s → %s', (_case, snapshot, found) => {
    expect(findSlotSnapshot([snapshot], target) !== undefined).toBe(found);
  });
});
