/**
 * Sending many writes (snapshot PUTs, DELETEs) through one activity, in waves
 * paced by the quota Azure reports. The next wave is as large as the remaining
 * quota the last answers reported; when none is left it waits 3 s on a
 * durable timer and probes with one; a wave that still meets throttling waits
 * the longest Retry-After and halves. Without quota headers waves double. So a
 * run settles near what the quotas allow instead of storming them with 429s.
 * A generator helper: only `context.df` calls, composed with `yield*`.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { failureReason, transientRetry } from './activityCalls';

/** What a paced activity answers: throttled (retried here) or anything else (returned). */
export type PacedResult =
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly outcome: string; readonly remaining?: number };

export interface PacedOutcome<R> {
  readonly result: R | { readonly outcome: 'failed'; readonly reason: string };
  /** When the answer came, orchestration time, ISO. */
  readonly at: string;
  readonly throttledTimes: number;
}

const MAX_WAVE = 200;
/**
 * Wait when the quota reports nothing left. ARM refills 10 writes a second and Compute's snapshot windows
 * about 5, so 3 s lets a wave of 15–30 build up: a shorter pause only means more, smaller waves, each an
 * episode that replays the chunk's history (at 1 s a 10,000-disk run spent about 3× the replay CPU per disk
 * in its chunks), while the quota refills all the same. It costs at most one pause at the end of a run.
 */
const EMPTY_QUOTA_PAUSE_MS = 3_000;
/** Waits on throttling before the remaining items are given up as failed. */
const MAX_THROTTLE_ROUNDS = 200;

export function* runPacedWaves<R extends PacedResult>(
  context: OrchestrationContext,
  activity: string,
  items: readonly unknown[],
  firstWave = 20,
): Generator<Task, PacedOutcome<Exclude<R, { outcome: 'throttled' }>>[], unknown> {
  type Done = Exclude<R, { outcome: 'throttled' }>;
  const outcomes: (PacedOutcome<Done> | undefined)[] = items.map(() => undefined);
  const throttledTimes = items.map(() => 0);
  let pending = items.map((_, index) => index);
  let wave = Math.min(firstWave, MAX_WAVE);
  let throttleRounds = 0;
  while (pending.length > 0) {
    const batch = pending.slice(0, wave);
    const tasks = batch.map((index) =>
      context.df.callActivityWithRetry(activity, transientRetry(), items[index]),
    );
    try {
      yield context.df.Task.all(tasks);
    } catch {
      // One task exhausted its retries; every task is collected one by one below.
    }
    const throttled: number[] = [];
    let wait = 0;
    let remaining: number | undefined;
    for (const [position, task] of tasks.entries()) {
      const index = batch[position] ?? 0;
      let result: R | { outcome: 'failed'; reason: string };
      try {
        result = (yield task) as R;
      } catch (error) {
        result = { outcome: 'failed', reason: `gave up after retries: ${failureReason(error)}` };
      }
      if (result.outcome === 'throttled' && 'retryAfterMs' in result) {
        throttledTimes[index] = (throttledTimes[index] ?? 0) + 1;
        throttled.push(index);
        wait = Math.max(wait, result.retryAfterMs);
        continue;
      }
      if ('remaining' in result && typeof result.remaining === 'number') {
        remaining = Math.min(remaining ?? Number.POSITIVE_INFINITY, result.remaining);
      }
      outcomes[index] = {
        result: result as Done,
        at: context.df.currentUtcDateTime.toISOString(),
        throttledTimes: throttledTimes[index] ?? 0,
      };
    }
    pending = [...throttled, ...pending.slice(batch.length)];
    if (throttled.length === 0) {
      if (remaining === undefined) {
        wave = Math.min(wave * 2, MAX_WAVE);
      } else if (remaining > 0) {
        wave = Math.min(remaining, MAX_WAVE);
      } else if (pending.length > 0) {
        wave = 1;
        yield context.df.createTimer(
          new Date(context.df.currentUtcDateTime.getTime() + EMPTY_QUOTA_PAUSE_MS),
        );
      }
      continue;
    }
    throttleRounds += 1;
    if (throttleRounds > MAX_THROTTLE_ROUNDS) {
      for (const index of pending) {
        outcomes[index] = {
          result: { outcome: 'failed', reason: `still throttled after ${MAX_THROTTLE_ROUNDS} waits` },
          at: context.df.currentUtcDateTime.toISOString(),
          throttledTimes: throttledTimes[index] ?? 0,
        };
      }
      break;
    }
    wave = Math.max(1, Math.floor(wave / 2));
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + wait));
  }
  return outcomes.map(
    (outcome) =>
      outcome ?? {
        result: { outcome: 'failed', reason: 'not attempted' },
        at: context.df.currentUtcDateTime.toISOString(),
        throttledTimes: 0,
      },
  );
}
