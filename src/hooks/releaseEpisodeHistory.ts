/**
 * durable-functions keeps the last episode of each orchestrator function (its
 * context, and through it the episode's whole history) until that function
 * runs again. For `backupSubscription` and `backupRun` at 10,000 disks that is
 * tens of megabytes, held by the worker for the rest of the day. By the time
 * post-invocation hooks run, the library has returned the episode's answer,
 * and the host keeps the history in the task hub: the hook empties the array
 * the episode was given, so nothing but the answer outlives the invocation.
 */
import { app, type PostInvocationContext } from '@azure/functions';

function historyOf(triggerInput: unknown): unknown[] | undefined {
  if (typeof triggerInput !== 'object' || triggerInput === null || !('history' in triggerInput)) {
    return undefined;
  }
  return Array.isArray(triggerInput.history) ? (triggerInput.history as unknown[]) : undefined;
}

export function releaseEpisodeHistory(context: PostInvocationContext): void {
  if (context.invocationContext.options.trigger.type !== 'orchestrationTrigger') return;
  const history = historyOf(context.inputs[0]);
  if (history !== undefined) history.length = 0;
}

app.hook.postInvocation(releaseEpisodeHistory);
