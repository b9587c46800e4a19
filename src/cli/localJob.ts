import { loadSettings, type Environment } from '../settings/loadSettings';
import type { LocalTimeOfDay } from '../settings/settingKinds';

const formatTimes = (times: readonly LocalTimeOfDay[]): string =>
  times.map((t) => `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`).join(', ');

/**
 * The job `npm start` runs. For now: validate the settings exactly as the
 * Functions app does at start and print the effective schedule.
 */
export function runLocalJob(env: Environment, out: NodeJS.WritableStream): Promise<number> {
  const settings = loadSettings(env);
  out.write(
    [
      `aks-snapshot-backup on Node ${process.versions.node}`,
      `backups at ${formatTimes(settings.backupTimes)} and cleanups at ${formatTimes(settings.cleanupTimes)} (${settings.timeZone})`,
      `snapshots go to resource group "${settings.backupResourceGroup}" in each subscription with onboarded disks`,
      '',
    ].join('\n'),
  );
  return Promise.resolve(0);
}
