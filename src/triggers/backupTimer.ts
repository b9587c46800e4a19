/**
 * The backup schedule. The timer ticks in UTC every 5 minutes (Flex
 * Consumption has no WEBSITE_TIME_ZONE); the code decides which BACKUP_TIMES
 * slot is due (see scheduledStart).
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { startDueSlot } from '../starters/scheduledStart';

export const SCHEDULE_TICK = '0 */5 * * * *';

export async function backupTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  await startDueSlot('backup', context);
}

app.timer('backupTimer', {
  schedule: SCHEDULE_TICK,
  extraInputs: [df.input.durableClient()],
  handler: backupTimer,
});
