/** Sub-orchestration: the safe deletes of one chunk, in quota-paced waves (see quotaPacedWaves). */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  DELETE_EXPIRED_SNAPSHOT,
  type DeleteExpiredSnapshotInput,
  type DeleteResult,
} from '../activities/deleteExpiredSnapshot';
import { runPacedWaves } from '../durable/quotaPacedWaves';

export const CLEANUP_CHUNK = 'cleanupChunk';

export interface CleanupChunkInput {
  readonly items: readonly DeleteExpiredSnapshotInput[];
  readonly firstWave?: number;
}

export type ChunkDeleteResult = Exclude<DeleteResult, { outcome: 'throttled' }>;

export function* cleanupChunk(context: OrchestrationContext): Generator<Task, ChunkDeleteResult[], unknown> {
  const input = context.df.getInput<CleanupChunkInput>();
  const outcomes = yield* runPacedWaves<DeleteResult>(
    context,
    DELETE_EXPIRED_SNAPSHOT,
    input.items,
    input.firstWave,
  );
  return outcomes.map((outcome) => outcome.result);
}

df.app.orchestration(CLEANUP_CHUNK, cleanupChunk);
