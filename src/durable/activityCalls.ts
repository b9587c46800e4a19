/**
 * How orchestrators call our activities. Generator helpers that only use
 * `context.df`, composed with `yield*`, so the replay sees exactly the calls an
 * orchestrator would make itself.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { AzureCallResult } from '../azure/azureCall';

/** Transient failures (thrown by the activity): 5 attempts, 5 s doubling to at most a minute. */
export function transientRetry(): df.RetryOptions {
  const options = new df.RetryOptions(5_000, 5);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 60_000;
  return options;
}

/** Throttled answers are waited out on durable timers at most this often per call. */
export const MAX_THROTTLE_WAITS = 20;

/**
 * Calls an activity that answers ok / throttled / failed: transient failures
 * are retried by the retry policy, throttling is waited out for its
 * Retry-After on a durable timer (no activity sleeps), the rest is returned.
 */
export function* callAzureActivity<T>(
  context: OrchestrationContext,
  name: string,
  input: unknown,
): Generator<Task, AzureCallResult<T>, unknown> {
  for (let waits = 0; ; waits++) {
    let result: AzureCallResult<T>;
    try {
      result = (yield context.df.callActivityWithRetry(name, transientRetry(), input)) as AzureCallResult<T>;
    } catch (error) {
      // Still failing after every retry: the caller decides whether that fails the run.
      return {
        outcome: 'failed',
        reason: `still failing after ${transientRetry().maxNumberOfAttempts} attempts: ${failureReason(error).replace(/^Activity function '\w+' failed: /, '')}`,
      };
    }
    if (result.outcome !== 'throttled' || waits >= MAX_THROTTLE_WAITS) return result;
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + result.retryAfterMs));
  }
}

/** The first line of a task failure, without the stack the host appends. */
export function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).trim();
}

/** One structured log line per event, written only on the first execution (never on replay). */
export function logOnce(context: OrchestrationContext, fields: Record<string, unknown>): void {
  if (!context.df.isReplaying) context.log(JSON.stringify(fields));
}
