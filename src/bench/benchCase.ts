/**
 * One benchmark case, run in its own process (so its peak RSS is its own),
 * with the emulated Azure in a second process (RemoteEmulation) so that this
 * one holds only the app and the runner: `node benchCase.js '<json>'` prints
 * one JSON result line. Cases:
 * - backup: the real backup orchestration over the fleet, quotas and LRO
 *   durations as Azure's, on the virtual clock;
 * - cleanup: one night of backups with 1-day retention and MINIMUM_KEEP=0,
 *   then the real cleanup two days later: every snapshot is expired;
 * - cleanup-history: `historyNights` nights of backups already there (seeded as
 *   the backup leaves them, retention one day shorter than the history), then
 *   the real cleanup: one night's snapshots expired among all of them. With the
 *   same expired count, discovery must cost the same whatever the history;
 * - baseline: what the original did — one disk after another, each PUT waited
 *   on by polling every 2 s (virtual) until it succeeds.
 */
import { computeClient, tableClient } from '../azure/azureConnection';
import { ensureTable } from '../azure/catalogStore';
import type { CleanupInventory } from '../azure/snapshotInventory';
import { useAzureConnection } from '../azure/azureContext';
import type { BackupRunSummary } from '../domain/backupRun';
import type { CleanupRunSummary } from '../domain/cleanupRun';
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';
import { VirtualClock } from '../runtime/clock';
import { HistoryEventType } from '../runner/historyEvents';
import { InProcessHost, loadFunctionApp } from '../runner/inProcessHost';
import { useAppSettings } from '../settings/appSettings';
import { NO_FILTERS, runOf } from '../starters/runInput';
import { benchFleet } from './benchFleet';
import type { EmulationMark } from './emulationProtocol';
import { RemoteEmulation } from './remoteEmulation';
import { floorSeconds } from './quotaFloor';
import { seedHistory } from './seedHistory';
import type * as InventoryActivity from '../activities/findCleanupInventory';

export interface CaseSpec {
  readonly kind: 'backup' | 'cleanup' | 'cleanup-history' | 'baseline';
  readonly disks: number;
  /** cleanup-history: nights of snapshots in place when cleanup runs. */
  readonly historyNights?: number;
  readonly subscriptions: number;
  readonly regions: number;
  /**
   * The Node arguments the case process gets, as a Functions worker gets `languageWorkers__node__arguments`.
   * Unset: the ones the README recommends (see main.ts); `[]`: Node's own sizing.
   */
  readonly nodeArguments?: readonly string[];
}

export interface CaseResult extends CaseSpec {
  readonly virtualSeconds: number;
  /** Seconds until the last write (PUT or DELETE) was accepted: what the quota floor bounds. */
  readonly writePhaseSeconds: number;
  readonly floorSeconds: number;
  readonly writesPerDisk: number;
  readonly readsPerDisk: number;
  readonly deletesPerDisk: number;
  readonly throttledPerDisk: number;
  readonly duplicateSnapshots: number;
  readonly replayCpuMsPerDisk: number;
  /** The same split by orchestrator name. */
  readonly replayCpuMsPerDiskByOrchestrator: Readonly<Record<string, number>>;
  readonly largestHistory: number;
  readonly tableRequestsPerDisk: number;
  /** Cleanup: Resource Graph requests of the discovery (the inventory activity), and rows they returned. */
  readonly discoveryQueries?: number;
  readonly discoveryRows?: number;
  /** Cleanup: snapshots of ours in place when cleanup started. */
  readonly liveSnapshots?: number;
  /** The case process: the app and the durable runner (which keeps every history, as the task hub would). */
  readonly peakRssMb: number;
  /** The emulation process: the ARM simulator and Azurite. */
  readonly emulationPeakRssMb: number;
  readonly realSeconds: number;
  readonly outcome: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** What the cleanup's discovery (its inventory activity) cost, read from the run's own history. */
function discoveryOf(host: InProcessHost): { discoveryQueries?: number; discoveryRows?: number } {
  // Required here, after loadFunctionApp(): an activity module registers itself when first loaded.
  const { FIND_CLEANUP_INVENTORY } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../activities/findCleanupInventory') as typeof InventoryActivity;
  const run = host.runner.listInstances().find((i) => i.name === 'cleanupRun');
  const history =
    run === undefined ? [] : (host.runner.getStatus(run.instanceId, { showHistory: true })?.history ?? []);
  const scheduled = history.find((e) => e.Name === FIND_CLEANUP_INVENTORY);
  const completed = history.find(
    (e) => e.EventType === HistoryEventType.TaskCompleted && e.TaskScheduledId === scheduled?.EventId,
  );
  if (typeof completed?.Result !== 'string') return {};
  const result = JSON.parse(completed.Result) as { outcome: string; value?: CleanupInventory };
  if (result.value === undefined) return {};
  const { expired, siblings, liveDisks, queries } = result.value;
  return { discoveryQueries: queries, discoveryRows: expired.length + siblings.length + liveDisks.length };
}

async function runCase(spec: CaseSpec): Promise<CaseResult> {
  const realStart = Date.now();
  const historyDays = spec.kind === 'cleanup-history' ? (spec.historyNights ?? 2) - 1 : 0;
  // A seeded history starts that many nights earlier: the virtual clock only moves forward.
  const start = new Date(Date.parse('2026-11-24T22:59:00Z') - historyDays * DAY_MS);
  const clock = new VirtualClock(start);
  const settings = useAppSettings({
    SCHEDULE_TIME_ZONE: 'Europe/Berlin',
    MINIMUM_KEEP: spec.kind === 'cleanup' ? '0' : '1',
    RUNNER_ACTIVITY_CONCURRENCY: '50',
  });
  // The fleet is the emulation's: built here only to be sent, so the app's peak RSS does not carry it.
  const { emulation, subscriptionIds } = await (async (): Promise<{
    emulation: RemoteEmulation;
    subscriptionIds: string[];
  }> => {
    const fixture = benchFleet(
      spec.disks,
      spec.subscriptions,
      spec.regions,
      spec.kind === 'cleanup' ? '1' : spec.kind === 'cleanup-history' ? String(historyDays) : '7',
    );
    return {
      emulation: await RemoteEmulation.start({
        fixture,
        startIso: start.toISOString(),
        catalogTableName: settings.catalogTableName,
      }),
      subscriptionIds: fixture.subscriptions.map((s) => s.id),
    };
  })();
  const connection = emulation.connection(clock);
  useAzureConnection(connection);
  loadFunctionApp();
  const host = await InProcessHost.start({ clock, activityConcurrency: 50 });
  const slot = (kind: 'backup' | 'cleanup', utc: string) => ({
    kind,
    utc: new Date(utc),
    scheduled: kind === 'backup' ? '00:00' : '02:00',
    timeZone: settings.timeZone,
  });
  let outcome = '';
  let measuredFrom = 0;
  let mark: EmulationMark = { armRequests: 0, tableRequests: 0 };
  let measuredCpu = 0;
  let measuredCpuByName: Readonly<Record<string, number>> = {};
  let liveSnapshots: number | undefined;
  try {
    if (spec.kind === 'baseline') {
      measuredFrom = clock.now().getTime();
      for (const disk of await emulation.request({ kind: 'disks' })) {
        const compute = computeClient(connection, disk.subscriptionId, { maxRetries: 0 });
        const name = `${disk.name}-2026-11-25T12-00AM`;
        await compute.snapshots
          .createOrUpdate('aks-snapshot-backup', name, {
            location: disk.location,
            incremental: true,
            creationData: { createOption: 'Copy', sourceResourceId: disk.id },
          })
          .submitted();
        // The original waited on each snapshot: poll every 2 s until it is done.
        for (;;) {
          clock.advanceBy(2_000);
          if ((await compute.snapshots.get('aks-snapshot-backup', name)).provisioningState === 'Succeeded')
            break;
        }
      }
      outcome = 'baseline done';
    } else {
      const runSlot = async (kind: 'backup' | 'cleanup', utc: string): Promise<unknown> => {
        clock.advanceTo(new Date(utc));
        const run = runOf(settings, slot(kind, utc), { dryRun: false, filters: NO_FILTERS });
        const status = await host.runner.waitForCompletion(
          host.runner.startNew(run.orchestrator, { instanceId: run.instanceId, input: run.input }),
        );
        if (status.runtimeStatus !== 'Completed')
          throw new Error(`${run.instanceId} ${status.runtimeStatus}: ${String(status.output)}`);
        return status.output;
      };
      if (spec.kind === 'cleanup-history') {
        const nights = spec.historyNights ?? 2;
        const lastNight = Date.parse('2026-11-24T23:00:00.000Z');
        await ensureTable(tableClient(connection, 'benchcatalog', settings.catalogTableName));
        liveSnapshots = await seedHistory(emulation, connection, clock, settings, {
          catalogAccount: 'benchcatalog',
          firstNight: new Date(lastNight - (nights - 1) * DAY_MS),
          nights,
        });
        mark = await emulation.request({ kind: 'mark' });
        measuredCpu = host.runner.stats.replayCpuMicros;
        measuredCpuByName = { ...host.runner.stats.replayCpuMicrosByOrchestrator };
        measuredFrom = Date.parse('2026-11-25T01:00:00.000Z');
        const summary = (await runSlot('cleanup', '2026-11-25T01:00:00.000Z')) as CleanupRunSummary;
        outcome = `${summary.counts.deleted} deleted, ${summary.counts.kept} kept, ${summary.counts.failed} failed of ${liveSnapshots} live`;
      } else if (spec.kind === 'cleanup') {
        await runSlot('backup', '2026-11-24T23:00:00.000Z');
        // The backup only sets the case up. In Azure its histories are in the task hub's storage, not in a
        // worker's memory: purged here, so the cleanup does not run beside them.
        host.runner.purgeBy({});
        mark = await emulation.request({ kind: 'mark' });
        measuredCpu = host.runner.stats.replayCpuMicros;
        measuredCpuByName = { ...host.runner.stats.replayCpuMicrosByOrchestrator };
        measuredFrom = Date.parse('2026-11-27T01:00:00.000Z');
        liveSnapshots = spec.disks;
        const summary = (await runSlot('cleanup', '2026-11-27T01:00:00.000Z')) as CleanupRunSummary;
        outcome = `${summary.counts.deleted} deleted, ${summary.counts.failed} failed`;
      } else {
        measuredFrom = Date.parse('2026-11-24T23:00:00.000Z');
        const summary = (await runSlot('backup', '2026-11-24T23:00:00.000Z')) as BackupRunSummary;
        outcome = `${summary.counts.created} created, ${summary.counts.failed} failed, ${summary.counts.pending} pending`;
      }
    }
    // Read as the run ends: what follows is the benchmark's own bookkeeping (discoveryOf parses the
    // inventory's result out of the history), not the app's.
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const cleaning = spec.kind === 'cleanup' || spec.kind === 'cleanup-history';
    const figures = await emulation.request({
      kind: 'figures',
      from: mark,
      cleaning,
      subscriptionIds,
    });
    const n = spec.disks;
    return {
      ...spec,
      virtualSeconds: (clock.now().getTime() - measuredFrom) / 1000,
      writePhaseSeconds:
        figures.lastWriteAtMs === undefined ? 0 : (figures.lastWriteAtMs - measuredFrom) / 1000,
      floorSeconds: floorSeconds(
        figures.disksPerSubscription,
        figures.disksPerGroup,
        cleaning ? 'deletes' : 'writes',
      ),
      writesPerDisk: figures.writes / n,
      readsPerDisk: figures.reads / n,
      deletesPerDisk: figures.deletes / n,
      throttledPerDisk: figures.throttled / n,
      duplicateSnapshots: figures.duplicateSnapshots,
      replayCpuMsPerDisk: (host.runner.stats.replayCpuMicros - measuredCpu) / 1000 / n,
      replayCpuMsPerDiskByOrchestrator: Object.fromEntries(
        Object.entries(host.runner.stats.replayCpuMicrosByOrchestrator)
          .map(([name, micros]): [string, number] => [
            name,
            Math.round(((micros - (measuredCpuByName[name] ?? 0)) / 1000 / n) * 1000) / 1000,
          ])
          .filter(([, ms]) => ms > 0),
      ),
      largestHistory: host.runner.stats.largestHistory,
      tableRequestsPerDisk: figures.tableRequests / n,
      ...(cleaning ? discoveryOf(host) : {}),
      ...(liveSnapshots === undefined ? {} : { liveSnapshots }),
      peakRssMb,
      emulationPeakRssMb: figures.peakRssMb,
      realSeconds: (Date.now() - realStart) / 1000,
      outcome,
    };
  } finally {
    await host.stop();
    await emulation.stop();
  }
}

exitIfUnsupportedNode();
runCase(JSON.parse(process.argv[2] ?? '{}') as CaseSpec).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
