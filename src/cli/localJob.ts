import { SystemClock } from '../runtime/clock';
import { registeredFunctions, triggerBindingOf } from '../runner/functionsCore';
import { InProcessHost, loadFunctionApp } from '../runner/inProcessHost';
import type { Environment } from '../settings/loadSettings';
import { useAppSettings } from '../settings/appSettings';
import type { LocalTimeOfDay } from '../settings/settingKinds';

const formatTimes = (times: readonly LocalTimeOfDay[]): string =>
  times.map((t) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`).join(', ');

/**
 * The job `npm start` runs. Until the emulated fleet and the backup job exist:
 * validate the settings exactly as the Functions app does, load the app through
 * the in-process host as the Functions worker would, list what it registered
 * and run its maintenance timer through the real durable client.
 */
export async function runLocalJob(env: Environment, out: NodeJS.WritableStream): Promise<number> {
  const settings = useAppSettings(env);
  loadFunctionApp();
  const host = await InProcessHost.start({
    clock: new SystemClock(),
    activityConcurrency: settings.runnerActivityConcurrency,
    taskHubName: settings.taskHubName,
    log: (_level, functionName, message) => {
      out.write(`  [${functionName}] ${message}\n`);
    },
  });
  try {
    out.write(`aks-snapshot-backup on Node ${process.versions.node}\n`);
    out.write(
      `backups at ${formatTimes(settings.backupTimes)} and cleanups at ${formatTimes(settings.cleanupTimes)} (${settings.timeZone}); ` +
        `snapshots go to resource group "${settings.backupResourceGroup}" in each subscription with onboarded disks\n`,
    );
    out.write('functions registered by the app:\n');
    for (const fn of registeredFunctions()) {
      const trigger = triggerBindingOf(fn);
      const schedule = typeof trigger.schedule === 'string' ? ` (${trigger.schedule} UTC)` : '';
      out.write(`  ${fn.metadata.name}: ${trigger.type}${schedule}\n`);
    }
    out.write('running purgeHistory through the in-process host:\n');
    await host.invokeTimer('purgeHistory');
    return 0;
  } finally {
    await host.stop();
  }
}
