import { join } from 'node:path';
import { useAzureConnection } from '../azure/azureContext';
import type { BackupRunSummary } from '../domain/backupRun';
import type { CleanupRunSummary } from '../domain/cleanupRun';
import { recentSlots } from '../domain/scheduleSlots';
import { loadFixtureFile } from '../emulator/fixture/loadFixture';
import { LocalAzure } from '../emulator/localAzure';
import { VirtualClock } from '../runtime/clock';
import { InProcessHost, loadFunctionApp } from '../runner/inProcessHost';
import { useAppSettings } from '../settings/appSettings';
import type { Environment } from '../settings/loadSettings';
import { formatBackupReport } from './backupReport';
import { formatCleanupReport } from './cleanupReport';

/** The fleet `npm start` runs against: fixtures/default-fleet.json at the package root. */
export const DEFAULT_FIXTURE = join(__dirname, '..', '..', '..', 'fixtures', 'default-fleet.json');

const DAY = 24 * 60 * 60 * 1000;

/**
 * The job `npm start` runs on the embedded local default: the emulated Azure
 * (ARM simulator + Azurite) seeded from the default fleet and the Functions app
 * in the in-process host, on a virtual clock. It lets the app's own timers run
 * the nights: backups for the default retention + 2 nights (from the second
 * night on, one disk's backups fail, as if someone broke its permissions), then
 * the cleanup slot, then prints the last backup, the cleanup (what was deleted,
 * what minimum keep held back) and the final state.
 */
export async function runLocalJob(env: Environment, out: NodeJS.WritableStream): Promise<number> {
  const settings = useAppSettings(env);
  const nights = settings.defaultRetentionDays + 2;
  // Start at the first backup slot of the coming day, in the configured time zone.
  const firstSlot = recentSlots(
    new Date(Date.now() + DAY),
    settings.backupTimes,
    settings.timeZone,
    'backup',
  ).latest;
  const clock = new VirtualClock(firstSlot?.utc ?? new Date());
  const fixture = await loadFixtureFile(DEFAULT_FIXTURE);
  const local = await LocalAzure.start({
    fixture,
    clock,
    catalogTableName: settings.catalogTableName,
    createDurationMs: 30_000,
    backgroundCopyDurationMs: 5 * 60_000,
  });
  useAzureConnection(local.connection());
  loadFunctionApp();
  const host = await InProcessHost.start({
    clock,
    activityConcurrency: settings.runnerActivityConcurrency,
    taskHubName: settings.taskHubName,
  });
  try {
    out.write(
      `aks-snapshot-backup on Node ${process.versions.node}, against the local emulation of ${DEFAULT_FIXTURE}\n` +
        `simulating ${nights} nights from ${clock.now().toISOString()} (virtual time, ${settings.timeZone})\n\n`,
    );
    // monitoring/storage-loki-0 keeps its snapshots 1 day; from the second night its backups fail.
    const brokenDisk = local.azure
      .allResources()
      .find((r) => r.kind === 'disk' && r.tags['kubernetes.io-created-for-pvc-name'] === 'storage-loki-0');
    let lastBackup: BackupRunSummary | undefined;
    let cleanup: CleanupRunSummary | undefined;
    // The last tick is the cleanup slot after the last night's backup.
    const end = clock.now().getTime() + (nights - 1) * DAY + 2.5 * 60 * 60 * 1000;
    // Every 5 minutes of virtual time, as in Azure, the two timers tick; runs complete before time moves on.
    for (let tick = clock.now().getTime(); tick <= end; tick += 5 * 60_000) {
      clock.advanceTo(new Date(tick));
      const before = new Set(host.runner.listInstances().map((i) => i.instanceId));
      await host.invokeTimer('backupTimer');
      await host.invokeTimer('cleanupTimer');
      for (const started of host.runner.listInstances().filter((i) => !before.has(i.instanceId))) {
        const status = await host.runner.waitForCompletion(started.instanceId);
        if (status.runtimeStatus !== 'Completed') {
          out.write(`${started.instanceId} ${status.runtimeStatus}: ${String(status.output)}\n`);
          return 1;
        }
        if (started.name === 'backupRun') {
          if (lastBackup === undefined && brokenDisk !== undefined) {
            local.arm.injectFaultRate(
              { method: 'PUT', pathIncludes: `/snapshots/${brokenDisk.name}`, probability: 1 },
              { type: 'status', status: 403, code: 'AuthorizationFailed' },
            );
          }
          lastBackup = status.output as BackupRunSummary;
          out.write(
            `${lastBackup.runId}: ${lastBackup.counts.created} created, ${lastBackup.counts.failed} failed\n`,
          );
        } else if (started.name === 'cleanupRun') {
          cleanup = status.output as CleanupRunSummary;
          out.write(
            `${cleanup.runId}: ${cleanup.counts.deleted} deleted, ${cleanup.counts.kept} kept past expiry\n`,
          );
        }
      }
    }
    if (lastBackup !== undefined) out.write(`\nThe last backup:\n${formatBackupReport(lastBackup)}`);
    if (cleanup !== undefined) out.write(`\nThe last cleanup:\n${formatCleanupReport(cleanup)}`);
    const snapshots = local.azure.allResources().filter((r) => r.kind === 'snapshot');
    out.write(
      `\nFinal state: ${snapshots.length} snapshots in the emulated Azure ` +
        `(${snapshots.filter((s) => s.tags.aksSnapshotBackupManagedBy === 'aks-snapshot-backup').length} ours); ` +
        `${local.arm.requestLog.length} ARM requests; ${host.runner.stats.episodes} orchestrator episodes\n`,
    );
    return 0;
  } finally {
    await host.stop();
    await local.stop();
  }
}
