import { join } from 'node:path';
import { resourceGraphClient } from '../azure/azureConnection';
import { findDisksWithOnboardingTag, ONBOARDING_TAG, type DiskDescriptor } from '../azure/diskInventory';
import { loadFixtureFile } from '../emulator/fixture/loadFixture';
import { LocalAzure } from '../emulator/localAzure';
import { SystemClock } from '../runtime/clock';
import { registeredFunctions, triggerBindingOf } from '../runner/functionsCore';
import { InProcessHost, loadFunctionApp } from '../runner/inProcessHost';
import type { Environment } from '../settings/loadSettings';
import { useAppSettings } from '../settings/appSettings';
import type { LocalTimeOfDay } from '../settings/settingKinds';

/** The fleet `npm start` runs against: fixtures/default-fleet.json at the package root. */
export const DEFAULT_FIXTURE = join(__dirname, '..', '..', '..', 'fixtures', 'default-fleet.json');

const formatTimes = (times: readonly LocalTimeOfDay[]): string =>
  times.map((t) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`).join(', ');

const tag = (disk: DiskDescriptor, name: string): string | undefined =>
  Object.entries(disk.tags).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];

/**
 * The job `npm start` runs on the embedded local default. Until the backup job
 * exists: validate the settings as the Functions app does, start the emulated
 * Azure (ARM simulator + Azurite) from the default fleet, list the disks that
 * carry the onboarding tag through the real Resource Graph client, load the app
 * through the in-process host and run its maintenance timer, then stop.
 */
export async function runLocalJob(env: Environment, out: NodeJS.WritableStream): Promise<number> {
  const settings = useAppSettings(env);
  const clock = new SystemClock();
  const fixture = await loadFixtureFile(DEFAULT_FIXTURE);
  const local = await LocalAzure.start({ fixture, clock, catalogTableName: settings.catalogTableName });
  try {
    out.write(
      `aks-snapshot-backup on Node ${process.versions.node}, against the local emulation (${DEFAULT_FIXTURE})\n`,
    );
    out.write(
      `backups at ${formatTimes(settings.backupTimes)} and cleanups at ${formatTimes(settings.cleanupTimes)} (${settings.timeZone}); ` +
        `snapshots go to resource group "${settings.backupResourceGroup}" in each subscription with onboarded disks\n`,
    );
    const disks = await findDisksWithOnboardingTag(
      resourceGraphClient(local.connection()),
      settings.subscriptionIds,
    );
    out.write(`${disks.length} disks carry the ${ONBOARDING_TAG} tag:\n`);
    for (const disk of disks) {
      const pvc = tag(disk, 'kubernetes.io-created-for-pvc-name');
      const namespace = tag(disk, 'kubernetes.io-created-for-pvc-namespace');
      out.write(
        `  ${disk.subscriptionId.slice(-4)} ${disk.resourceGroup}/${disk.name} (${disk.location}, ${disk.sizeGb} GiB ${disk.sku})` +
          `${pvc === undefined ? '' : ` pvc ${namespace ?? '?'}/${pvc}`} ${ONBOARDING_TAG}=${JSON.stringify(tag(disk, ONBOARDING_TAG))}` +
          ` retentionTime=${JSON.stringify(tag(disk, 'retentionTime') ?? null)}\n`,
      );
    }
    await runMaintenance(settings.runnerActivityConcurrency, settings.taskHubName, clock, out);
    return 0;
  } finally {
    await local.stop();
  }
}

async function runMaintenance(
  activityConcurrency: number,
  taskHubName: string,
  clock: SystemClock,
  out: NodeJS.WritableStream,
): Promise<void> {
  loadFunctionApp();
  const host = await InProcessHost.start({
    clock,
    activityConcurrency,
    taskHubName,
    log: (_level, functionName, message) => {
      out.write(`  [${functionName}] ${message}\n`);
    },
  });
  try {
    out.write('functions registered by the app:\n');
    for (const fn of registeredFunctions()) {
      const trigger = triggerBindingOf(fn);
      const schedule = typeof trigger.schedule === 'string' ? ` (${trigger.schedule} UTC)` : '';
      out.write(`  ${fn.metadata.name}: ${trigger.type}${schedule}\n`);
    }
    out.write('running purgeHistory through the in-process host:\n');
    await host.invokeTimer('purgeHistory');
  } finally {
    await host.stop();
  }
}
