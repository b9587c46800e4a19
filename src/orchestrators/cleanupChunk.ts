/**
 * Sub-orchestration: the safe deletes of one chunk. First the live snapshots
 * are re-checked in one query (recheckBeforeDelete); only those still ours,
 * in the backup resource group and expired are deleted, in quota-paced waves
 * (see quotaPacedWaves). When the check cannot be made, nothing is deleted.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  DELETE_EXPIRED_SNAPSHOT,
  type DeleteExpiredSnapshotInput,
  type DeleteResult,
} from '../activities/deleteExpiredSnapshot';
import { RECHECK_BEFORE_DELETE, type RecheckBeforeDeleteInput } from '../activities/recheckBeforeDelete';
import type { DeleteVerdict } from '../domain/deleteGuard';
import { snapshotIdOf } from '../domain/resourceIds';
import { callAzureActivity } from '../durable/activityCalls';
import { runPacedWaves } from '../durable/quotaPacedWaves';

export const CLEANUP_CHUNK = 'cleanupChunk';

export interface CleanupChunkInput {
  readonly subscriptionId: string;
  readonly backupResourceGroup: string;
  /** The run's time, ISO: a snapshot is expired when its expiry tag is at or before it. */
  readonly now: string;
  readonly items: readonly DeleteExpiredSnapshotInput[];
  readonly firstWave?: number;
}

export type ChunkDeleteResult = Exclude<DeleteResult, { outcome: 'throttled' }>;

export function* cleanupChunk(context: OrchestrationContext): Generator<Task, ChunkDeleteResult[], unknown> {
  const input = context.df.getInput<CleanupChunkInput>();
  const recheck: RecheckBeforeDeleteInput = {
    subscriptionId: input.subscriptionId,
    backupResourceGroup: input.backupResourceGroup,
    now: input.now,
    ids: input.items.map((item) => snapshotIdOf(item.subscriptionId, item.resourceGroup, item.name)),
  };
  const checked = yield* callAzureActivity<DeleteVerdict[]>(context, RECHECK_BEFORE_DELETE, recheck);
  if (checked.outcome !== 'ok') {
    const reason = `not deleted: the live snapshots could not be re-checked (${checked.reason})`;
    return input.items.map(() => ({ outcome: 'failed', reason }));
  }
  const results: (ChunkDeleteResult | undefined)[] = checked.value.map((verdict) =>
    verdict.verdict === 'gone'
      ? { outcome: 'gone' }
      : verdict.verdict === 'skip'
        ? { outcome: 'skipped', reason: verdict.reason }
        : undefined,
  );
  const toDelete = results.flatMap((result, index) => (result === undefined ? [index] : []));
  const outcomes = yield* runPacedWaves<DeleteResult>(
    context,
    DELETE_EXPIRED_SNAPSHOT,
    toDelete.map((index) => input.items[index]),
    input.firstWave,
  );
  for (const [position, index] of toDelete.entries()) results[index] = outcomes[position]?.result;
  return results.map((result) => result ?? { outcome: 'failed', reason: 'not attempted' });
}

df.app.orchestration(CLEANUP_CHUNK, cleanupChunk);
