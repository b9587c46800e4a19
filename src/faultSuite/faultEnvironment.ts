/**
 * One isolated world for a fault scenario: the emulated Azure seeded with the
 * fault fleet, the Functions app in an in-process host, one virtual clock.
 * `restart()` is a crashed process coming back: a new host (all in-memory
 * orchestration state lost) on the same Azure and tables.
 */
import { useAzureConnection } from '../azure/azureContext';
import { tableClient } from '../azure/azureConnection';
import type { BackupRunSummary } from '../domain/backupRun';
import type { CleanupRunSummary } from '../domain/cleanupRun';
import type { Slot, SlotKind } from '../domain/scheduleSlots';
import type { SimulatedSnapshot } from '../emulator/arm/simulatedResources';
import { LocalAzure, type LocalAzureOptions } from '../emulator/localAzure';
import { VirtualClock } from '../runtime/clock';
import { InProcessHost, loadFunctionApp } from '../runner/inProcessHost';
import type { InstanceStatus } from '../runner/orchestrationRunner';
import { useAppSettings } from '../settings/appSettings';
import type { Settings } from '../settings/registry';
import { NO_FILTERS, runOf } from '../starters/runInput';
import { faultFleet } from './faultFleet';

export const CATALOG_ACCOUNT = 'faultcatalog';

export class FaultEnvironment {
  private constructor(
    readonly clock: VirtualClock,
    readonly local: LocalAzure,
    public host: InProcessHost,
    readonly settings: Settings,
  ) {}

  static async start(
    disks: number,
    seed: number,
    options: Partial<Omit<LocalAzureOptions, 'fixture' | 'clock' | 'catalogTableName'>> = {},
  ): Promise<FaultEnvironment> {
    const clock = new VirtualClock(new Date('2026-11-24T22:59:00Z'));
    const settings = useAppSettings({ SCHEDULE_TIME_ZONE: 'Europe/Berlin' });
    const local = await LocalAzure.start({
      fixture: faultFleet(disks),
      clock,
      catalogTableName: settings.catalogTableName,
      faultSeed: seed,
      createDurationMs: 20_000,
      backgroundCopyDurationMs: 3 * 60_000,
      ...options,
    });
    useAzureConnection(local.connection());
    loadFunctionApp();
    const host = await InProcessHost.start({ clock, activityConcurrency: 20 });
    return new FaultEnvironment(clock, local, host, settings);
  }

  slot(kind: SlotKind, utc: string): Slot {
    return {
      kind,
      utc: new Date(utc),
      scheduled: kind === 'backup' ? '00:00' : '02:00',
      timeZone: this.settings.timeZone,
    };
  }

  /** Starts the slot's run (as its timer would) and returns the instance id. */
  start(slot: Slot, host: InProcessHost = this.host): string {
    const run = runOf(this.settings, slot, { dryRun: false, filters: NO_FILTERS });
    return host.runner.startNew(run.orchestrator, { instanceId: run.instanceId, input: run.input });
  }

  async run(slot: Slot): Promise<InstanceStatus> {
    this.clock.advanceTo(slot.utc);
    return this.host.runner.waitForCompletion(this.start(slot));
  }

  async backup(utc: string): Promise<BackupRunSummary | undefined> {
    const status = await this.run(this.slot('backup', utc));
    return status.runtimeStatus === 'Completed' ? (status.output as BackupRunSummary) : undefined;
  }

  async cleanup(utc: string): Promise<CleanupRunSummary | undefined> {
    const status = await this.run(this.slot('cleanup', utc));
    return status.runtimeStatus === 'Completed' ? (status.output as CleanupRunSummary) : undefined;
  }

  async restart(): Promise<void> {
    await this.host.stop();
    this.host = await InProcessHost.start({ clock: this.clock, activityConcurrency: 20 });
  }

  ourSnapshots(): SimulatedSnapshot[] {
    return this.local.azure
      .allResources()
      .filter(
        (r): r is SimulatedSnapshot =>
          r.kind === 'snapshot' && r.tags.aksSnapshotBackupManagedBy === 'aks-snapshot-backup',
      );
  }

  async catalogRowKeys(): Promise<string[]> {
    const table = tableClient(this.local.connection(), CATALOG_ACCOUNT, this.settings.catalogTableName);
    const keys: string[] = [];
    for await (const row of table.listEntities()) keys.push(row.rowKey ?? '');
    return keys.sort();
  }

  async stop(): Promise<void> {
    await this.host.stop();
    await this.local.stop();
  }
}
