/** The cleanup schedule: CLEANUP_TIMES slots, same rules as backups (see scheduledStart). */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { startDueSlot } from '../starters/scheduledStart';
import { SCHEDULE_TICK } from './backupTimer';

export async function cleanupTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  await startDueSlot('cleanup', context);
}

app.timer('cleanupTimer', {
  schedule: SCHEDULE_TICK,
  extraInputs: [df.input.durableClient()],
  handler: cleanupTimer,
});
