import { join } from 'node:path';
import { useAzureConnection } from '../../src/azure/azureContext';
import type { BackupRunSummary, RunFilters } from '../../src/domain/backupRun';
import type { Slot } from '../../src/domain/scheduleSlots';
import type { Fixture } from '../../src/emulator/fixture/fixtureSchema';
import { loadFixtureFile } from '../../src/emulator/fixture/loadFixture';
import { LocalAzure, type LocalAzureOptions } from '../../src/emulator/localAzure';
import { VirtualClock } from '../../src/runtime/clock';
import { InProcessHost, loadFunctionApp } from '../../src/runner/inProcessHost';
import type { FunctionLogger } from '../../src/runner/invokeFunction';
import { useAppSettings } from '../../src/settings/appSettings';
import type { Settings } from '../../src/settings/registry';
import type { CleanupRunSummary } from '../../src/domain/cleanupRun';
import { NO_FILTERS, runOf } from '../../src/starters/runInput';

export const DEFAULT_FLEET = join(__dirname, '..', '..', 'fixtures', 'default-fleet.json');

export interface Harness {
  readonly clock: VirtualClock;
  readonly local: LocalAzure;
  host: InProcessHost;
  readonly settings: Settings;
  stop(): Promise<void>;
  /** A fresh host on the same emulation: what a restarted process sees. */
  restartHost(): Promise<void>;
}

export async function startHarness(
  options: {
    fixture?: Fixture;
    start?: Date;
    env?: Record<string, string>;
    local?: Partial<Omit<LocalAzureOptions, 'fixture' | 'clock' | 'catalogTableName'>>;
    activityConcurrency?: number;
    log?: FunctionLogger;
  } = {},
): Promise<Harness> {
  const clock = new VirtualClock(options.start ?? new Date('2026-11-24T23:00:00Z'));
  const settings = useAppSettings({ SCHEDULE_TIME_ZONE: 'Europe/Berlin', ...options.env });
  const fixture = options.fixture ?? (await loadFixtureFile(DEFAULT_FLEET));
  const local = await LocalAzure.start({
    fixture,
    clock,
    catalogTableName: settings.catalogTableName,
    ...options.local,
  });
  useAzureConnection(local.connection());
  loadFunctionApp();
  const newHost = () =>
    InProcessHost.start({
      clock,
      activityConcurrency: options.activityConcurrency ?? 10,
      ...(options.log === undefined ? {} : { log: options.log }),
    });
  const harness: Harness = {
    clock,
    local,
    host: await newHost(),
    settings,
    async stop() {
      await harness.host.stop();
      await local.stop();
    },
    async restartHost() {
      await harness.host.stop();
      harness.host = await newHost();
    },
  };
  return harness;
}

export const nightSlot = (utc = '2026-11-24T23:00:00Z'): Slot => ({
  kind: 'backup',
  utc: new Date(utc),
  scheduled: '00:00',
  timeZone: 'Europe/Berlin',
});

/** Starts the run of `slot` (backup or cleanup) directly on the runner and returns its instance id. */
export function startBackup(
  harness: Harness,
  slot: Slot,
  options: { dryRun?: boolean; filters?: RunFilters } = {},
): string {
  const run = runOf(harness.settings, slot, {
    dryRun: options.dryRun ?? false,
    filters: options.filters ?? NO_FILTERS,
  });
  return harness.host.runner.startNew(run.orchestrator, { instanceId: run.instanceId, input: run.input });
}

async function runToCompletion(
  harness: Harness,
  slot: Slot,
  options: { dryRun?: boolean; filters?: RunFilters },
): Promise<unknown> {
  const status = await harness.host.runner.waitForCompletion(startBackup(harness, slot, options));
  if (status.runtimeStatus !== 'Completed') {
    throw new Error(`run ${status.instanceId} ${status.runtimeStatus}: ${JSON.stringify(status.output)}`);
  }
  return status.output;
}

export async function runBackup(
  harness: Harness,
  slot: Slot,
  options: { dryRun?: boolean; filters?: RunFilters } = {},
): Promise<BackupRunSummary> {
  return (await runToCompletion(harness, slot, options)) as BackupRunSummary;
}

export const cleanupSlot = (utc: string): Slot => ({
  kind: 'cleanup',
  utc: new Date(utc),
  scheduled: '02:00',
  timeZone: 'Europe/Berlin',
});

export async function runCleanup(
  harness: Harness,
  slot: Slot,
  options: { dryRun?: boolean } = {},
): Promise<CleanupRunSummary> {
  return (await runToCompletion(harness, slot, options)) as CleanupRunSummary;
}

/** Backups of `nights` consecutive nights from `firstNight` (UTC instant of local midnight), moving the clock along. */
export async function backupNights(harness: Harness, firstNight: string, nights: number): Promise<void> {
  for (let night = 0; night < nights; night++) {
    const utc = new Date(Date.parse(firstNight) + night * 24 * 3600 * 1000);
    harness.clock.advanceTo(utc);
    await runBackup(harness, nightSlot(utc.toISOString()));
  }
}
