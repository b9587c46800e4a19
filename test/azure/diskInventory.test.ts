import { join } from 'node:path';
import { resourceGraphClient } from '../../src/azure/azureConnection';
import { findDisksWithOnboardingTag } from '../../src/azure/diskInventory';
import { loadFixtureFile } from '../../src/emulator/fixture/loadFixture';
import { LocalAzure } from '../../src/emulator/localAzure';
import { VirtualClock } from '../../src/runtime/clock';
import { SUB_A, SUB_B, smallFleet } from '../emulator/testFleet';

const clock = () => new VirtualClock(new Date('2026-11-25T00:00:00Z'));

describe('findDisksWithOnboardingTag', () => {
  it('finds every disk of the default fleet whose tags hold the onboarding key in any case, and nothing else', async () => {
    const fixture = await loadFixtureFile(join(__dirname, '..', '..', 'fixtures', 'default-fleet.json'));
    const local = await LocalAzure.start({ fixture, clock: clock(), catalogTableName: 'akssnapshotbackup' });
    try {
      const disks = await findDisksWithOnboardingTag(resourceGraphClient(local.connection()), []);
      expect(disks).toHaveLength(33);
      expect(disks.every((d) => d.id.includes('/providers/Microsoft.Compute/disks/'))).toBe(true);
      const keys = new Set(
        disks.flatMap((d) =>
          Object.keys(d.tags).filter((k) => k.toLowerCase() === 'akssnapshotbackupenabled'),
        ),
      );
      expect([...keys].sort()).toEqual([
        'AKSSnapshotBackupEnabled',
        'aksSnapshotBackupEnabled',
        'akssnapshotbackupenabled',
      ]);
      const postgres = disks.find(
        (d) =>
          d.tags['kubernetes.io-created-for-pvc-name'] === 'data-postgres-0' &&
          d.location === 'westeurope' &&
          d.sku === 'Premium_LRS',
      );
      expect(postgres).toMatchObject({
        sizeGb: 64,
        diskState: 'Attached',
        subscriptionId: '00000000-0000-0000-0000-000000000001',
      });
      expect(postgres?.uniqueId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await local.stop();
    }
  });

  it('pages past 1,000 rows and scopes to the given subscriptions', async () => {
    const local = await LocalAzure.start({
      fixture: smallFleet(1_100),
      clock: clock(),
      catalogTableName: 'akssnapshotbackup',
    });
    try {
      const graph = resourceGraphClient(local.connection());
      expect(await findDisksWithOnboardingTag(graph, [SUB_A])).toHaveLength(1_102);
      expect(await findDisksWithOnboardingTag(graph, [SUB_B])).toHaveLength(0);
    } finally {
      await local.stop();
    }
  });
});
