import { resourceGraphClient } from '../../src/azure/azureConnection';
import { findCleanupInventory } from '../../src/azure/snapshotInventory';
import { generatedFleet } from '../support/generatedFleet';
import { backupNights, startHarness, type Harness } from '../support/backupHarness';

let harness: Harness;
afterEach(async () => {
  await harness.stop();
});

/** 5 disks, 3-day retention, six nights of backups from 2026-11-10: 15 expired, 15 live at 02:00 on the 15th. */
async function sixNights(): Promise<Harness> {
  harness = await startHarness({ fixture: generatedFleet(5), start: new Date('2026-11-09T23:00:00Z') });
  await backupNights(harness, '2026-11-09T23:00:00Z', 6);
  return harness;
}

const inventoryAt = (h: Harness, now: string, minimumKeep: number) =>
  findCleanupInventory(
    resourceGraphClient(h.local.connection()),
    ['00000000-0000-0000-0000-0000000000f1'],
    new Date(now),
    minimumKeep,
  );

describe('findCleanupInventory', () => {
  it("finds steady-state work with two queries and reads no disk's other snapshots", async () => {
    await sixNights();
    const inventory = await inventoryAt(harness, '2026-11-15T01:00:00Z', 1);
    expect({
      expired: inventory.expired.length,
      siblings: inventory.siblings.length,
      liveDisks: inventory.liveDisks.length,
      queries: inventory.queries,
    }).toEqual({ expired: 15, siblings: 0, liveDisks: 0, queries: 2 });
  });

  it('reads the snapshots and existence of disks whose newest complete snapshots are all expired', async () => {
    await sixNights();
    const inventory = await inventoryAt(harness, '2026-11-30T01:00:00Z', 1);
    expect({
      expired: inventory.expired.length,
      siblings: inventory.siblings.length,
      liveDisks: inventory.liveDisks.length,
      queries: inventory.queries,
    }).toEqual({ expired: 30, siblings: 30, liveDisks: 5, queries: 4 });
  });

  it('needs only the expiry query when nothing is kept past expiry', async () => {
    await sixNights();
    const inventory = await inventoryAt(harness, '2026-11-30T01:00:00Z', 0);
    expect({ expired: inventory.expired.length, queries: inventory.queries }).toEqual({
      expired: 30,
      queries: 1,
    });
  });
});
