/**
 * Sub-orchestration: send the snapshot PUTs of one chunk (one subscription and
 * region, at most a few hundred disks), in waves paced by the quota Azure
 * reports: the next wave is as large as the remaining writes the last answers
 * reported; when none are left it waits a second on a durable timer and
 * probes with one. A wave that still meets throttling waits the longest
 * Retry-After and halves. So the run settles near what the quotas allow
 * instead of storming them with 429s. Creations are not awaited here: the
 * caller verifies them in bulk.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  CREATE_SNAPSHOT,
  type CreateSnapshotInput,
  type CreateSnapshotResult,
} from '../activities/createSnapshot';
import { failureReason, transientRetry } from '../durable/activityCalls';

export const BACKUP_CHUNK = 'backupChunk';

export interface ChunkInput {
  readonly items: readonly CreateSnapshotInput[];
  readonly firstWave?: number;
}

export interface SubmissionResult {
  readonly name: string;
  readonly outcome: 'submitted' | 'failed';
  readonly reason?: string;
  /** When the PUT was answered, orchestration time, ISO. */
  readonly at: string;
  readonly throttledTimes: number;
}

const MAX_WAVE = 200;
/** Wait when the quota reports nothing left: ARM refills 10 writes a second. */
const EMPTY_QUOTA_PAUSE_MS = 1_000;
/** Waits on throttling before the chunk gives the remaining disks up as failed. */
const MAX_THROTTLE_ROUNDS = 200;

export function* backupChunk(context: OrchestrationContext): Generator<Task, SubmissionResult[], unknown> {
  const input = context.df.getInput<ChunkInput>();
  const results: SubmissionResult[] = [];
  const throttledTimes = new Map<string, number>();
  let pending = [...input.items];
  let wave = Math.min(input.firstWave ?? 20, MAX_WAVE);
  let throttleRounds = 0;
  while (pending.length > 0) {
    const batch = pending.slice(0, wave);
    const tasks = batch.map((item) =>
      context.df.callActivityWithRetry(CREATE_SNAPSHOT, transientRetry(), item),
    );
    try {
      yield context.df.Task.all(tasks);
    } catch {
      // One task exhausted its retries; the others are collected one by one below.
    }
    const throttled: CreateSnapshotInput[] = [];
    let wait = 0;
    let remaining: number | undefined;
    for (const [index, task] of tasks.entries()) {
      const item = batch[index];
      if (item === undefined) continue;
      let result: CreateSnapshotResult;
      try {
        result = (yield task) as CreateSnapshotResult;
      } catch (error) {
        result = { outcome: 'failed', reason: `gave up after retries: ${failureReason(error)}` };
      }
      const at = context.df.currentUtcDateTime.toISOString();
      const times = throttledTimes.get(item.name) ?? 0;
      if (result.outcome === 'throttled') {
        throttledTimes.set(item.name, times + 1);
        throttled.push(item);
        wait = Math.max(wait, result.retryAfterMs);
      } else {
        if (result.outcome === 'submitted' && result.remainingWrites !== undefined) {
          remaining = Math.min(remaining ?? Number.POSITIVE_INFINITY, result.remainingWrites);
        }
        results.push({
          name: item.name,
          outcome: result.outcome,
          ...(result.outcome === 'failed' ? { reason: result.reason } : {}),
          at,
          throttledTimes: times,
        });
      }
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
      for (const item of pending) {
        results.push({
          name: item.name,
          outcome: 'failed',
          reason: `still throttled after ${MAX_THROTTLE_ROUNDS} waits`,
          at: context.df.currentUtcDateTime.toISOString(),
          throttledTimes: throttledTimes.get(item.name) ?? 0,
        });
      }
      break;
    }
    wave = Math.max(1, Math.floor(wave / 2));
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + wait));
  }
  return results;
}

df.app.orchestration(BACKUP_CHUNK, backupChunk);
