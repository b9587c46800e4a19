/**
 * Sub-orchestration: send the snapshot PUTs of one chunk (one subscription and
 * region, at most a few hundred disks) in quota-paced waves (see
 * quotaPacedWaves). Creations are not awaited here: the caller verifies them in
 * bulk.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  CREATE_SNAPSHOT,
  type CreateSnapshotInput,
  type CreateSnapshotResult,
} from '../activities/createSnapshot';
import { runPacedWaves } from '../durable/quotaPacedWaves';

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

export function* backupChunk(context: OrchestrationContext): Generator<Task, SubmissionResult[], unknown> {
  const input = context.df.getInput<ChunkInput>();
  const outcomes = yield* runPacedWaves<CreateSnapshotResult>(
    context,
    CREATE_SNAPSHOT,
    input.items,
    input.firstWave,
  );
  return outcomes.map((outcome, index) => ({
    name: input.items[index]?.name ?? '',
    outcome: outcome.result.outcome === 'submitted' ? 'submitted' : 'failed',
    ...(outcome.result.outcome === 'failed' ? { reason: outcome.result.reason } : {}),
    at: outcome.at,
    throttledTimes: outcome.throttledTimes,
  }));
}

df.app.orchestration(BACKUP_CHUNK, backupChunk);
