/**
 * Nights of backups as the backup run would have left them, written straight
 * into the emulation: each night's snapshots (named, tagged and timed by the
 * real backup plan) in the simulator, and their catalog rows through the real
 * catalog writer. Running the real backup 30 times over 10,000 disks would take
 * an hour; cleanup only needs what those runs leave behind.
 */
import { resourceGraphClient } from '../azure/azureConnection';
import { findDisksWithOnboardingTag } from '../azure/diskInventory';
import { planBackup, plannedSnapshotTags } from '../domain/backupPlan';
import { backupRunInput, NO_FILTERS } from '../starters/runInput';
import type { AzureConnection } from '../azure/azureConnection';
import type { RemoteEmulation } from './remoteEmulation';
import type { VirtualClock } from '../runtime/clock';
import type { Settings } from '../settings/registry';
import type * as CatalogActivities from '../activities/catalogActivities';

const DAY_MS = 24 * 3600 * 1000;
const ROWS_PER_WRITE = 2_000;

export async function seedHistory(
  emulation: RemoteEmulation,
  connection: AzureConnection,
  clock: VirtualClock,
  settings: Settings,
  options: { readonly catalogAccount: string; readonly firstNight: Date; readonly nights: number },
): Promise<number> {
  // Required here, after loadFunctionApp(): an activity module registers itself when first loaded.
  const { catalogRowOf, writeCatalog } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../activities/catalogActivities') as typeof CatalogActivities;
  const disks = await findDisksWithOnboardingTag(resourceGraphClient(connection), settings.subscriptionIds);
  let seeded = 0;
  for (let night = 0; night < options.nights; night++) {
    const utc = new Date(options.firstNight.getTime() + night * DAY_MS);
    clock.advanceTo(utc);
    const runId = `backup-history-${String(night)}`;
    const slot = { kind: 'backup' as const, utc, scheduled: '00:00', timeZone: settings.timeZone };
    // The plan settings exactly as a run's input carries them.
    const runSettings = backupRunInput(settings, slot, {
      dryRun: false,
      filters: NO_FILTERS,
      instanceId: runId,
    }).settings;
    const plan = planBackup(disks, slot, runSettings);
    const ids = await emulation.request({
      kind: 'putSnapshots',
      atIso: utc.toISOString(),
      snapshots: plan.snapshots.map((item) => ({
        subscriptionId: item.subscriptionId,
        resourceGroup: item.resourceGroup,
        name: item.name,
        location: item.location,
        tags: plannedSnapshotTags(item, utc.toISOString(), runId),
        incremental: item.incremental,
        sourceDiskId: item.diskId,
      })),
    });
    const rows = plan.snapshots.map((item, index) =>
      catalogRowOf(item, {
        name: item.name,
        snapshotId: ids[index] ?? '',
        status: 'succeeded',
        slotUtc: utc.toISOString(),
        runId,
      }),
    );
    for (let i = 0; i < rows.length; i += ROWS_PER_WRITE) {
      const written = await writeCatalog({
        account: options.catalogAccount,
        table: settings.catalogTableName,
        rows: rows.slice(i, i + ROWS_PER_WRITE),
      });
      if (written.outcome !== 'ok') throw new Error(`seeding the catalog failed: ${written.reason}`);
    }
    seeded += rows.length;
  }
  return seeded;
}
