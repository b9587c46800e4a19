/**
 * Daily purge of Durable Functions history for finished runs older than
 * HISTORY_RETENTION_DAYS, so the task hub's tables and blobs do not grow
 * forever. Our own catalog and audit tables are separate and untouched.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { processClock } from '../runtime/processClock';
import { appSettings } from '../settings/appSettings';

const DAY_MS = 24 * 60 * 60 * 1000;

/** 03:30 UTC, after the default backup (00:00) and cleanup (02:00) slots in European time zones. */
export const PURGE_HISTORY_SCHEDULE = '0 30 3 * * *';

export async function purgeHistory(_timer: Timer, context: InvocationContext): Promise<void> {
  const cutoff = new Date(processClock().now().getTime() - appSettings().historyRetentionDays * DAY_MS);
  const client = df.getClient(context);
  const result = await client.purgeInstanceHistoryBy({
    createdTimeFrom: new Date(0),
    createdTimeTo: cutoff,
    runtimeStatus: [
      df.OrchestrationRuntimeStatus.Completed,
      df.OrchestrationRuntimeStatus.Failed,
      df.OrchestrationRuntimeStatus.Terminated,
    ],
  });
  context.log(
    `Purged the history of ${result.instancesDeleted} finished runs created before ${cutoff.toISOString()}.`,
  );
}

app.timer('purgeHistory', {
  schedule: PURGE_HISTORY_SCHEDULE,
  extraInputs: [df.input.durableClient()],
  handler: purgeHistory,
});
