/**
 * Sub-orchestration: the deletes of one subscription. Chunks of at most 200
 * (one region each) go through `cleanupChunk`; a snapshot whose DELETE was
 * accepted but is still there is checked again on durable timers; only a
 * snapshot confirmed gone (404) has its catalog row removed, and every outcome
 * is written to the audit table. Nothing is orphaned: a row stays until its
 * snapshot is gone, and a snapshot is never deleted without being ours and
 * expired on the live resource.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { AuditRecordJson } from '../activities/catalogActivities';
import type { DeleteExpiredSnapshotInput } from '../activities/deleteExpiredSnapshot';
import { FIND_PRESENT_SNAPSHOTS, type FindPresentSnapshotsInput } from '../activities/findPresentSnapshots';
import type { DeletionTarget } from '../domain/cleanupPlan';
import type { SnapshotResult } from '../domain/cleanupRun';
import { partitionKeyOf } from '../domain/scheduleSlots';
import { slotOf, SNAPSHOT_TAGS } from '../domain/snapshotTags';
import { tagValue } from '../domain/tagPolicy';
import { callAzureActivity, logOnce } from '../durable/activityCalls';
import { auditWrite, catalogRemoval, writeInBatches } from '../durable/catalogCalls';
import { runChunksInParts } from '../durable/chunksInParts';
import { CLEANUP_CHUNK, type ChunkDeleteResult, type CleanupChunkInput } from './cleanupChunk';

export const CLEANUP_SUBSCRIPTION = 'cleanupSubscription';

export interface CleanupSubscriptionInput {
  readonly runId: string;
  readonly now: string;
  readonly timeZone: string;
  readonly subscriptionId: string;
  readonly backupResourceGroup: string;
  readonly catalogAccount: string;
  readonly catalogTable: string;
  readonly auditTable: string;
  readonly snapshots: readonly DeletionTarget[];
}

const CHUNK_SIZE = 200;
const CONFIRM_ROUNDS = 10;

/** The catalog row of a snapshot: its partition tag, or the slot's local date for older snapshots. */
function catalogKeyOf(
  snapshot: DeletionTarget,
  timeZone: string,
): { partitionKey: string; rowKey: string } | undefined {
  const tagged = tagValue(snapshot.tags, SNAPSHOT_TAGS.catalogPartition);
  if (tagged !== undefined) return { partitionKey: tagged, rowKey: snapshot.name };
  const slot = slotOf(snapshot.tags);
  if (slot === undefined) return undefined;
  return {
    partitionKey: partitionKeyOf({ kind: 'backup', utc: slot, scheduled: '', timeZone }),
    rowKey: snapshot.name,
  };
}

export function* cleanupSubscription(
  context: OrchestrationContext,
): Generator<Task, SnapshotResult[], unknown> {
  const input = context.df.getInput<CleanupSubscriptionInput>();
  const results = new Map<string, SnapshotResult>();
  const base = (snapshot: DeletionTarget) => ({
    snapshotId: snapshot.id,
    name: snapshot.name,
    subscriptionId: snapshot.subscriptionId,
    diskId: snapshot.sourceResourceId,
    ...(tagValue(snapshot.tags, SNAPSHOT_TAGS.expiresOn) === undefined
      ? {}
      : { expiresOn: tagValue(snapshot.tags, SNAPSHOT_TAGS.expiresOn) }),
  });

  // 1. Safe deletes, chunk by chunk, one region per chunk.
  const byRegion = new Map<string, DeletionTarget[]>();
  for (const snapshot of input.snapshots) {
    const list = byRegion.get(snapshot.location.toLowerCase()) ?? [];
    list.push(snapshot);
    byRegion.set(snapshot.location.toLowerCase(), list);
  }
  const chunks = [...byRegion.values()].flatMap((list) =>
    Array.from({ length: Math.ceil(list.length / CHUNK_SIZE) }, (_, i) =>
      list.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE),
    ),
  );
  const deleting: DeletionTarget[] = [];
  const gone: DeletionTarget[] = [];
  const chunkItems = chunks.map((chunk) =>
    chunk.map((snapshot): DeleteExpiredSnapshotInput => ({
      subscriptionId: snapshot.subscriptionId,
      resourceGroup: snapshot.resourceGroup,
      name: snapshot.name,
    })),
  );
  const chunkCommon: Omit<CleanupChunkInput, 'items' | 'firstWave'> = {
    subscriptionId: input.subscriptionId,
    backupResourceGroup: input.backupResourceGroup,
    now: input.now,
  };
  yield* runChunksInParts(
    context,
    CLEANUP_CHUNK,
    chunkItems,
    (index, answers) => {
      const chunk = chunks[index] ?? [];
      for (const [position, outcome] of (answers as ChunkDeleteResult[]).entries()) {
        const snapshot = chunk[position];
        if (snapshot === undefined) continue;
        if (outcome.outcome === 'gone') gone.push(snapshot);
        else if (outcome.outcome === 'deleting') deleting.push(snapshot);
        else
          results.set(snapshot.id, { ...base(snapshot), outcome: outcome.outcome, reason: outcome.reason });
      }
    },
    chunkCommon,
  );

  // 2. Deletes accepted: confirm them in bulk — one Resource Graph query per 200 per round, on durable timers.
  let waiting = deleting;
  for (let round = 0; waiting.length > 0 && round < CONFIRM_ROUNDS; round++) {
    yield context.df.createTimer(
      new Date(context.df.currentUtcDateTime.getTime() + Math.min(30_000 * 2 ** round, 600_000)),
    );
    const confirm: FindPresentSnapshotsInput = {
      subscriptionIds: [input.subscriptionId],
      ids: waiting.map((s) => s.id),
    };
    const listing = yield* callAzureActivity<string[]>(context, FIND_PRESENT_SNAPSHOTS, confirm);
    if (listing.outcome !== 'ok') continue;
    const present = new Set(listing.value);
    gone.push(...waiting.filter((s) => !present.has(s.id.toLowerCase())));
    waiting = waiting.filter((s) => present.has(s.id.toLowerCase()));
  }
  for (const snapshot of waiting) {
    results.set(snapshot.id, {
      ...base(snapshot),
      outcome: 'deleting',
      reason:
        'the delete was accepted but the snapshot was still there; its catalog row stays until it is gone',
    });
  }

  // 3. Rows removed only for snapshots confirmed gone; the audit.
  const keys = gone.map((s) => catalogKeyOf(s, input.timeZone)).filter((k) => k !== undefined);
  for (const snapshot of gone) {
    results.set(snapshot.id, { ...base(snapshot), outcome: 'deleted' });
    logOnce(context, {
      runId: input.runId,
      snapshot: snapshot.name,
      diskId: snapshot.sourceResourceId,
      outcome: 'deleted',
    });
  }
  const at = context.df.currentUtcDateTime.toISOString();
  const records: AuditRecordJson[] = [...results.values()].map((result) => ({
    diskId: result.diskId,
    at,
    runId: input.runId,
    kind:
      result.outcome === 'deleted'
        ? 'deleted'
        : result.outcome === 'failed' || result.outcome === 'blocked'
          ? 'failed'
          : 'skipped',
    snapshotName: result.name,
    ...(result.reason === undefined ? {} : { message: `${result.outcome}: ${result.reason}` }),
  }));
  // Row removals and records go out together: the subscription wakes for their answers only a few times.
  yield* writeInBatches(
    context,
    catalogRemoval(input.catalogAccount, input.catalogTable, keys),
    auditWrite(input.catalogAccount, input.auditTable, records),
  );
  return [...results.values()];
}

df.app.orchestration(CLEANUP_SUBSCRIPTION, cleanupSubscription);
