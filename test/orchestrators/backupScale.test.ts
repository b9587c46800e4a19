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

  it('backs up 2,000 disks with every orchestration history kept small', async () => {
    harness = await startHarness({ fixture: generatedFleet(2_000), activityConcurrency: 100 });
    const summary = await runBackup(harness, nightSlot());
    expect(summary.counts).toMatchObject({ created: 2_000, failed: 0 });
    expect(harness.host.runner.stats.largestHistory).toBeLessThan(1_500);
    expect(harness.host.runner.listInstances().filter((i) => i.name === 'backupChunk')).toHaveLength(10);
  }, 120_000);
});
