/**
 * Sub-orchestration: send the snapshot PUTs of one chunk (one subscription and
 * region, at most a few hundred disks) in quota-paced waves (see
 * quotaPacedWaves). Creations are not awaited here: the caller verifies them in
 * bulk. The chunk gets what is common to its snapshots once and each snapshot's
 * own fields; the PUT's tags are made here, so they never travel through the
 * plan or the parts.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  CREATE_SNAPSHOT,
  type CreateSnapshotInput,
  type CreateSnapshotResult,
} from '../activities/createSnapshot';
import { plannedSnapshotTags, type PlannedSnapshot } from '../domain/backupPlan';
import { runPacedWaves } from '../durable/quotaPacedWaves';

export const BACKUP_CHUNK = 'backupChunk';

/** One snapshot of a chunk: the planned snapshot's fields the PUT and its tags are made from. */
export type ChunkSnapshot = Pick<
  PlannedSnapshot,
  | 'name'
  | 'location'
  | 'diskId'
  | 'diskName'
  | 'retentionDays'
  | 'expiresOn'
  | 'partitionKey'
  | 'pvcNamespace'
  | 'pvcName'
>;

/** What every snapshot of a subscription's run shares. */
export interface ChunkCommon {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly incremental: boolean;
  readonly slotUtc: string;
  readonly runId: string;
}

export interface ChunkInput extends ChunkCommon {
  readonly items: readonly ChunkSnapshot[];
  readonly firstWave?: number;
}

export function createSnapshotInputOf(common: ChunkCommon, item: ChunkSnapshot): CreateSnapshotInput {
  return {
    subscriptionId: common.subscriptionId,
    resourceGroup: common.resourceGroup,
    name: item.name,
    location: item.location,
    sourceDiskId: item.diskId,
    incremental: common.incremental,
    tags: plannedSnapshotTags(item, common.slotUtc, common.runId),
  };
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
    input.items.map((item) => createSnapshotInputOf(input, item)),
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
