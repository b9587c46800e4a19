import { join } from 'node:path';
import { useAzureConnection } from '../azure/azureContext';
import type { BackupRunSummary } from '../domain/backupRun';
import { loadFixtureFile } from '../emulator/fixture/loadFixture';
import { LocalAzure } from '../emulator/localAzure';
import { VirtualClock } from '../runtime/clock';
import { InProcessHost, loadFunctionApp } from '../runner/inProcessHost';
import { useAppSettings } from '../settings/appSettings';
import type { Environment } from '../settings/loadSettings';
import { formatBackupReport } from './backupReport';

/** The fleet `npm start` runs against: fixtures/default-fleet.json at the package root. */
export const DEFAULT_FIXTURE = join(__dirname, '..', '..', '..', 'fixtures', 'default-fleet.json');

/**
 * The job `npm start` runs on the embedded local default: the emulated Azure
 * (ARM simulator + Azurite) seeded from the default fleet, the Functions app
 * loaded into the in-process host, and a real backup run started through the
 * app's own HTTP starter, exactly as in Azure. Virtual time: snapshot creation
 * (30 s) and Premium SSD v2 background copies (5 min) cost no real time.
 */
export async function runLocalJob(env: Environment, out: NodeJS.WritableStream): Promise<number> {
  const settings = useAppSettings(env);
  const clock = new VirtualClock(new Date());
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
      `aks-snapshot-backup on Node ${process.versions.node}, against the local emulation of ${DEFAULT_FIXTURE}\n`,
    );
    const response = await host.invokeHttp('startRun', {
      method: 'POST',
      url: `${host.origin}/api/runs/backup`,
      params: { kind: 'backup' },
      body: { string: '{}' },
    });
    const { id } = (await response.json()) as { id: string };
    const status = await host.runner.waitForCompletion(id);
    if (status.runtimeStatus !== 'Completed') {
      out.write(`backup run ${id} ${status.runtimeStatus}: ${String(status.output)}\n`);
      return 1;
    }
    const summary = status.output as BackupRunSummary;
    out.write(formatBackupReport(summary));
    out.write(
      `\n${local.azure.allResources().filter((r) => r.kind === 'snapshot').length} snapshots now in the emulated Azure; ` +
        `${local.arm.requestLog.length} ARM requests; ${host.runner.stats.episodes} orchestrator episodes\n`,
    );
    return summary.counts.failed > 0 ? 1 : 0;
  } finally {
    await host.stop();
    await local.stop();
  }
}
