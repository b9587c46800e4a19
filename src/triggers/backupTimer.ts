/**
 * The backup schedule. The timer ticks in UTC every 5 minutes (Flex
 * Consumption has no WEBSITE_TIME_ZONE); each tick starts the latest due slot
 * of the last 24 hours if its run is absent, failed or terminated. Older
 * missed slots are not backfilled; they are logged (and shown by the status view).
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { recentSlots } from '../domain/scheduleSlots';
import { BACKUP_RUN } from '../orchestrators/backupRun';
import { processClock } from '../runtime/processClock';
import { appSettings } from '../settings/appSettings';
import { backupRunInput, NO_FILTERS, runInstanceId } from '../starters/runInput';
import { instanceStatus, startOnce } from '../starters/slotStarter';

export const BACKUP_TIMER_SCHEDULE = '0 */5 * * * *';

export async function backupTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const settings = appSettings();
  const client = df.getClient(context);
  const { latest, older } = recentSlots(
    processClock().now(),
    settings.backupTimes,
    settings.timeZone,
    'backup',
  );
  if (latest === undefined) return;
  const instanceId = runInstanceId(latest, false);
  const outcome = await startOnce(
    client,
    BACKUP_RUN,
    instanceId,
    backupRunInput(settings, latest, { dryRun: false, filters: NO_FILTERS, instanceId }),
  );
  context.log(JSON.stringify({ trigger: 'backupTimer', ...outcome }));
  for (const slot of older) {
    const id = runInstanceId(slot, false);
    if ((await instanceStatus(client, id)) === undefined) {
      context.warn(
        JSON.stringify({
          trigger: 'backupTimer',
          missedSlot: id,
          note: 'older missed slots are not backfilled',
        }),
      );
    }
  }
}

app.timer('backupTimer', {
  schedule: BACKUP_TIMER_SCHEDULE,
  extraInputs: [df.input.durableClient()],
  handler: backupTimer,
});
