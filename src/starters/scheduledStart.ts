/**
 * What a schedule tick does, for backups and cleanups alike: start the latest
 * due slot of the last 24 hours if its run is absent, failed or terminated;
 * report older slots that never ran (not backfilled).
 */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { recentSlots, type SlotKind } from '../domain/scheduleSlots';
import { processClock } from '../runtime/processClock';
import { appSettings } from '../settings/appSettings';
import { NO_FILTERS, runInstanceId, runOf } from './runInput';
import { instanceStatus, startOnce } from './slotStarter';

export async function startDueSlot(kind: SlotKind, context: InvocationContext): Promise<void> {
  const settings = appSettings();
  const client = df.getClient(context);
  const times = kind === 'backup' ? settings.backupTimes : settings.cleanupTimes;
  const { latest, older } = recentSlots(processClock().now(), times, settings.timeZone, kind);
  if (latest === undefined) return;
  const run = runOf(settings, latest, { dryRun: false, filters: NO_FILTERS });
  const outcome = await startOnce(client, run.orchestrator, run.instanceId, run.input);
  context.log(JSON.stringify({ trigger: `${kind}Timer`, ...outcome }));
  for (const slot of older) {
    const id = runInstanceId(slot, false);
    if ((await instanceStatus(client, id)) === undefined) {
      context.warn(
        JSON.stringify({
          trigger: `${kind}Timer`,
          missedSlot: id,
          note: 'older missed slots are not backfilled',
        }),
      );
    }
  }
}
