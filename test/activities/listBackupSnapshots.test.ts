import { listBackupSnapshots } from '../../src/activities/listBackupSnapshots';
import { generatedFleet } from '../support/generatedFleet';
import { backupNights, startHarness, type Harness } from '../support/backupHarness';

const SUBSCRIPTION = '00000000-0000-0000-0000-0000000000f1';
let harness: Harness;
beforeAll(async () => {
  // 3 disks, three nights: 9 snapshots in the backup group.
  harness = await startHarness({ fixture: generatedFleet(3), start: new Date('2026-11-09T23:00:00Z') });
  await backupNights(harness, '2026-11-09T23:00:00Z', 3);
});
afterAll(async () => {
  await harness.stop();
});

const names = async (filter: object): Promise<string[]> => {
  const result = await listBackupSnapshots({
    subscriptionId: SUBSCRIPTION,
    resourceGroup: 'aks-snapshot-backup',
    ...filter,
  });
  if (result.outcome !== 'ok') throw new Error(result.outcome);
  return result.value.map((s) => s.name).sort();
};

describe('listBackupSnapshots', () => {
  it('lists the whole group without a filter', async () => {
    expect(await names({})).toHaveLength(9);
  });

  it("returns only one slot's snapshots for a slot", async () => {
    const listed = await names({ slotUtc: '2026-11-10T23:00:00.000Z' });
    expect(listed).toHaveLength(3);
    expect(listed.every((name) => name.endsWith('2026-11-11T12-00AM'))).toBe(true);
  });

  it('returns only the named snapshots of the slot, in any case', async () => {
    const slot = await names({ slotUtc: '2026-11-10T23:00:00.000Z' });
    const asked = [slot[0]?.toUpperCase() ?? '', 'pvc-not-there-2026-11-11T12-00AM'];
    expect(await names({ slotUtc: '2026-11-10T23:00:00.000Z', names: asked })).toEqual([slot[0]]);
  });

  it('keeps of the tags only the slot tag', async () => {
    const result = await listBackupSnapshots({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'aks-snapshot-backup',
      slotUtc: '2026-11-09T23:00:00.000Z',
    });
    expect(result.outcome === 'ok' ? result.value[0]?.tags : undefined).toEqual({
      aksSnapshotBackupSlot: '2026-11-09T23:00:00.000Z',
    });
  });
});
