import { unlimitedQuotas } from '../../src/emulator/quota/quotaModel';
import { generatedFleet } from '../support/generatedFleet';
import { nightSlot, runBackup, startHarness, type Harness } from '../support/backupHarness';

let harness: Harness;
afterEach(async () => {
  await harness.stop();
});

describe('backupRun at scale', () => {
  it('completes under tight ARM write quotas with every disk done and few 429s', async () => {
    harness = await startHarness({
      fixture: generatedFleet(150),
      local: {
        quotas: {
          ...unlimitedQuotas(),
          arm: { reads: undefined, deletes: undefined, writes: { capacity: 20, windowMs: 10_000 } },
        },
      },
    });
    const started = harness.clock.now().getTime();
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ created: 150, failed: 0, pending: 0 });
    const puts = harness.local.arm.requestLog.filter((r) => r.method === 'PUT');
    const throttled = puts.filter((r) => r.status === 429).length;
    expect(puts.length - throttled).toBe(150);
    expect(throttled).toBeLessThanOrEqual(15);
    // 20 at once, then 2 a second: the floor is 65 s of virtual time.
    const elapsed = (harness.clock.now().getTime() - started) / 1000;
    expect(elapsed).toBeGreaterThanOrEqual(65);
    expect(elapsed).toBeLessThan(65 * 2);
  });

  it('backs up 2,200 disks with every orchestration history kept small', async () => {
    harness = await startHarness({ fixture: generatedFleet(2_200), activityConcurrency: 100 });
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ created: 2_200, failed: 0 });
    expect(harness.host.runner.stats.largestHistory).toBeLessThan(1_500);
    const instances = harness.host.runner.listInstances();
    expect(instances.filter((i) => i.name === 'backupChunk')).toHaveLength(11);
    // Ten chunks per part: the subscription wakes twice for its PUTs, not eleven times.
    expect(
      instances.filter((i) => i.name === 'chunkSequence').map((i) => i.instanceId.split(':').pop()),
    ).toEqual(['part0', 'part1']);
  }, 120_000);
});
