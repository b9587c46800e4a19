/**
 * `npm run test:faults [-- --quick] [-- --seed N]`: the reliability suite. Each
 * fault class runs the real backup, cleanup and reconcile orchestrations over a
 * fleet (a few hundred disks; `--quick`: fewer) in the emulated Azure with that
 * fault switched on, then checks the invariants (see invariants.ts). Prints a
 * line per fault class and ends with `N passed, N failed`. Seeded: the same seed
 * gives the same faults.
 */
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';
import { InProcessHost } from '../runner/inProcessHost';
import { SeededRandom } from '../emulator/faults/seededRandom';
import type { BackupRunSummary } from '../domain/backupRun';
import type { SimulatedDisk } from '../emulator/arm/simulatedResources';
import { FaultEnvironment } from './faultEnvironment';
import { checkBackup, checkCatalog, checkCleanup, recordSnapshots } from './invariants';

const NIGHTS = [
  '2026-11-24T23:00:00.000Z',
  '2026-11-25T23:00:00.000Z',
  '2026-11-26T23:00:00.000Z',
  '2026-11-27T23:00:00.000Z',
];
const CLEANUP = '2026-11-29T01:00:00.000Z';

interface ClassResult {
  readonly runs: number;
  readonly disks: number;
  readonly violations: string[];
}

type Scenario = (env: FaultEnvironment, random: SeededRandom) => Promise<void>;

interface FaultClass {
  readonly name: string;
  readonly options?: Parameters<typeof FaultEnvironment.start>[2];
  readonly arm: Scenario;
  /** Replaces the normal nightly backup of a slot (crash, concurrency). */
  readonly backup?: (
    env: FaultEnvironment,
    slotUtc: string,
    random: SeededRandom,
  ) => Promise<BackupRunSummary | undefined>;
}

const nothing: Scenario = () => Promise.resolve();
const status = (code: number, name: string, retryAfterSeconds?: number) => ({
  type: 'status' as const,
  status: code,
  code: name,
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

const CLASSES: FaultClass[] = [
  {
    name: '429 storms (Retry-After up to 1,200 s)',
    arm: (env) => {
      env.local.arm.injectFaultRate(
        { method: 'PUT', probability: 0.3 },
        status(429, 'OperationNotAllowed', 1200),
      );
      env.local.arm.injectFaultRate(
        { method: 'DELETE', probability: 0.3 },
        status(429, 'SubscriptionRequestsThrottled', 600),
      );
      env.local.arm.injectFaultRate(
        { method: 'GET', probability: 0.1 },
        status(429, 'SubscriptionRequestsThrottled', 30),
      );
      env.local.arm.injectFaultRate({ method: 'POST', probability: 0.2 }, status(429, 'RateLimiting', 5));
      return Promise.resolve();
    },
  },
  {
    name: '500/503 and resets on every call type',
    arm: (env) => {
      for (const method of ['GET', 'PUT', 'DELETE', 'POST', 'PATCH']) {
        env.local.arm.injectFaultRate({ method, probability: 0.08 }, status(500, 'InternalServerError'));
        env.local.arm.injectFaultRate({ method, probability: 0.05 }, status(503, 'ServiceUnavailable'));
        env.local.arm.injectFaultRate({ method, probability: 0.04 }, { type: 'reset' });
      }
      return Promise.resolve();
    },
  },
  {
    name: 'slow and failed long-running operations',
    options: { createDurationMs: 25 * 60_000, backgroundCopyDurationMs: 40 * 60_000 },
    arm: (env) => {
      env.local.azure.failNextOperations(5, 'PUT', {
        code: 'InternalDiskManagementError',
        message: 'copy failed',
      });
      return Promise.resolve();
    },
  },
  {
    name: 'disks deleted or detached mid-run',
    arm: (env, random) => {
      const disks = env.local.azure.allResources().filter((r): r is SimulatedDisk => r.kind === 'disk');
      for (let i = 0; i < 3; i++) {
        const victim = disks[Math.floor(random.next() * disks.length)];
        if (victim === undefined) continue;
        env.local.arm.afterRequests(5 + Math.floor(random.next() * 30), () => {
          if (i === 0) env.local.azure.setDiskState(victim.id, 'Unattached');
          else env.local.azure.removeResource(victim.id);
        });
      }
      return Promise.resolve();
    },
  },
  {
    name: 'names squatted by foreign snapshots',
    arm: (env, random) => {
      const disks = env.local.azure.allResources().filter((r): r is SimulatedDisk => r.kind === 'disk');
      for (let i = 0; i < 3; i++) {
        const target = disks[Math.floor(random.next() * disks.length)];
        const other = disks.find(
          (d) =>
            d !== target && d.location === target?.location && d.subscriptionId === target.subscriptionId,
        );
        if (target === undefined || other === undefined) continue;
        env.local.azure.squatSnapshotName(
          target.subscriptionId,
          'aks-snapshot-backup',
          `${target.name}-2026-11-25T12-00AM`,
          other.id,
        );
      }
      return Promise.resolve();
    },
  },
  {
    name: 'catalog unreachable for part of a run',
    arm: (env) => {
      // Table storage drops out 10 minutes into the night for 2 hours (virtual time).
      env.local.arm.afterRequests(20, () => {
        env.local.tableGate.closeUntil(new Date(env.clock.now().getTime() + 2 * 3600_000));
      });
      return Promise.resolve();
    },
  },
  {
    name: 'Resource Graph lagging behind',
    options: { resourceGraphLagMs: 60_000 },
    arm: nothing,
  },
  {
    name: 'crash of the whole process at a random point, then a rerun',
    arm: nothing,
    backup: async (env, slotUtc, random) => {
      const slot = env.slot('backup', slotUtc);
      env.clock.advanceTo(slot.utc);
      const puts = () => env.local.arm.requestLog.filter((r) => r.method === 'PUT').length;
      const crashAfter = puts() + 1 + Math.floor(random.next() * 20);
      env.start(slot);
      await env.host.runner.runUntil(() => puts() >= crashAfter);
      await env.restart();
      return env.backup(slotUtc);
    },
  },
  {
    name: 'two runs of one slot at once',
    arm: nothing,
    backup: async (env, slotUtc) => {
      const slot = env.slot('backup', slotUtc);
      env.clock.advanceTo(slot.utc);
      const second = await InProcessHost.start({ clock: env.clock, activityConcurrency: 20 });
      try {
        const [a] = await Promise.all([
          env.host.runner.waitForCompletion(env.start(slot)),
          second.runner.waitForCompletion(env.start(slot, second)),
        ]);
        return a.runtimeStatus === 'Completed' ? (a.output as BackupRunSummary) : undefined;
      } finally {
        await second.stop();
      }
    },
  },
];

/** Runs a slot until it completes; a run failed by an outage is started again once the clock moved on. */
async function withReruns<T>(
  env: FaultEnvironment,
  attempt: () => Promise<T | undefined>,
): Promise<{ result: T | undefined; runs: number }> {
  for (let runs = 1; runs <= 4; runs++) {
    const result = await attempt();
    if (result !== undefined) return { result, runs };
    env.clock.advanceBy(3 * 3600_000);
  }
  return { result: undefined, runs: 4 };
}

async function runClass(fault: FaultClass, disks: number, seed: number): Promise<ClassResult> {
  const env = await FaultEnvironment.start(disks, seed, fault.options);
  const random = new SeededRandom(seed);
  const violations: string[] = [];
  let runs = 0;
  try {
    await fault.arm(env, random);
    for (const night of NIGHTS) {
      const backup = await withReruns(env, () =>
        (fault.backup ?? ((e, s) => e.backup(s)))(env, night, random),
      );
      runs += backup.runs;
      if (backup.result === undefined) violations.push(`the backup of ${night} never completed`);
      violations.push(...checkBackup(env.local.azure, new Date(night), backup.result));
    }
    env.clock.advanceTo(new Date(CLEANUP));
    const before = recordSnapshots(env.local.azure);
    const cleanup = await withReruns(env, () => env.cleanup(CLEANUP));
    runs += cleanup.runs;
    if (cleanup.result === undefined) violations.push('the cleanup never completed');
    violations.push(...checkCleanup(env.local.azure, before, new Date(CLEANUP)));
    // The reconcile at the end of cleanup must leave catalog and Azure agreeing; faults are off for the check.
    env.local.arm.faults.clear();
    const reconcile = await withReruns(env, async () => {
      const status = await env.run(
        env.slot('reconcile', new Date(env.clock.now().getTime() + 60_000).toISOString()),
      );
      return status.runtimeStatus === 'Completed' ? true : undefined;
    });
    runs += reconcile.runs;
    violations.push(...checkCatalog(env.local.azure, await env.catalogRowKeys()));
  } catch (error) {
    violations.push(`crashed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await env.stop();
  }
  return { runs, disks, violations };
}

async function main(): Promise<void> {
  exitIfUnsupportedNode();
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const seedIndex = args.indexOf('--seed');
  const seed = seedIndex >= 0 ? Number(args[seedIndex + 1]) : 20261125;
  if (!Number.isInteger(seed))
    throw new Error(`--seed must be a whole number, not "${args[seedIndex + 1] ?? ''}".`);
  const disks = quick ? 40 : 240;
  process.stdout.write(`fault suite: ${CLASSES.length} fault classes, ${disks} disks each, seed ${seed}\n`);
  let passed = 0;
  let failed = 0;
  for (const [index, fault] of CLASSES.entries()) {
    const started = Date.now();
    const result = await runClass(fault, disks, seed + index);
    const ok = result.violations.length === 0;
    if (ok) passed += 1;
    else failed += 1;
    process.stdout.write(
      `${ok ? 'ok  ' : 'FAIL'} ${fault.name}: runs ${result.runs}, disks ${result.disks}, violations ${result.violations.length} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    for (const violation of result.violations.slice(0, 5)) process.stdout.write(`       ${violation}\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
