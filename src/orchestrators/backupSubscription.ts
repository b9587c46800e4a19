/**
 * Sub-orchestration: the backup of one subscription. Gets the subscription's
 * plan from one activity (inventory and plan; names shared with other
 * subscriptions' disks come in with the input), finds the slot's existing snapshots with one list of the
 * backup resource group (a rerun creates no duplicate), sends the missing PUTs
 * chunk by chunk (each chunk a sub-orchestration, so no history grows large),
 * verifies every creation with one list per round (a snapshot still creating
 * or copying is re-checked on a durable timer, up to a bound), then writes
 * catalog rows and audit records in batches. One bad disk never fails it; an
 * unreachable inventory or catalog does.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  LIST_BACKUP_SNAPSHOTS,
  type ListBackupSnapshotsInput,
  type ListedSnapshot,
} from '../activities/listBackupSnapshots';
import {
  PLAN_SUBSCRIPTION_BACKUP,
  type PlanSubscriptionBackupInput,
} from '../activities/planSubscriptionBackup';
import type { BackupPlan, NotUnderstood, PlannedSnapshot, PlanSettings } from '../domain/backupPlan';
import { recordedRowOf, type BackupRecordCommon, type RecordedDisk } from '../domain/backupRecords';
import { chunksOf, type DiskResult, type RunFilters, type RunSlot } from '../domain/backupRun';
import { partitionKeyOf } from '../domain/scheduleSlots';
import { findSlotSnapshot, groupBySource, isFromDisk } from '../domain/existingSnapshots';
import { callAzureActivity, logOnce } from '../durable/activityCalls';
import { backupResultsWrite, writeInBatches } from '../durable/catalogCalls';
import { runChunksInParts } from '../durable/chunksInParts';
import { BACKUP_CHUNK, type ChunkCommon, type ChunkSnapshot, type SubmissionResult } from './backupChunk';

export const BACKUP_SUBSCRIPTION = 'backupSubscription';

export interface SubscriptionInput {
  readonly runId: string;
  readonly slot: RunSlot;
  readonly dryRun: boolean;
  readonly subscriptionId: string;
  readonly filters: RunFilters;
  /** Lower-cased disk names that more than one disk in the run's scope carries. */
  readonly sharedNames: readonly string[];
  readonly plan: PlanSettings;
  readonly catalogAccount: string;
  readonly catalogTable: string;
  readonly auditTable: string;
  readonly chunkSize: number;
}

/** The subscription's share of the run's output. */
export interface SubscriptionOutcome {
  readonly disks: DiskResult[];
  readonly notUnderstood: readonly NotUnderstood[];
}

/** Verification rounds for snapshots still creating or copying: 30 s doubling to 10 min, about 1.5 h in all. */
const VERIFY_ROUNDS = 12;
/** Up to this many snapshots left to verify, a round lists them by name instead of the whole slot. */
const NAMED_LISTING_LIMIT = 1_000;

type SnapshotState = 'succeeded' | 'creating' | 'copying' | 'failed';

function stateOf(snapshot: ListedSnapshot): SnapshotState {
  if (snapshot.provisioningState === 'Failed') return 'failed';
  if (snapshot.provisioningState !== 'Succeeded') return 'creating';
  return snapshot.completionPercent !== undefined && snapshot.completionPercent < 100
    ? 'copying'
    : 'succeeded';
}

export function* backupSubscription(
  context: OrchestrationContext,
): Generator<Task, SubscriptionOutcome, unknown> {
  const input = context.df.getInput<SubscriptionInput>();
  const plan = yield* planSubscription(context, input);
  return { disks: yield* backUp(context, input, plan.snapshots), notUnderstood: plan.notUnderstood };
}

/** The subscription's plan, made once by an activity: replaying it costs only reading it back. */
function* planSubscription(
  context: OrchestrationContext,
  input: SubscriptionInput,
): Generator<Task, BackupPlan, unknown> {
  const planInput: PlanSubscriptionBackupInput = {
    subscriptionId: input.subscriptionId,
    filters: input.filters,
    slot: input.slot,
    plan: input.plan,
    sharedNames: input.sharedNames,
  };
  const plan = yield* callAzureActivity<BackupPlan>(context, PLAN_SUBSCRIPTION_BACKUP, planInput);
  if (plan.outcome !== 'ok')
    throw new Error(`The disk inventory of subscription ${input.subscriptionId} failed: ${plan.reason}`);
  logOnce(context, {
    runId: input.runId,
    subscriptionId: input.subscriptionId,
    phase: 'planned',
    disks: plan.value.snapshots.length,
    notUnderstood: plan.value.notUnderstood.length,
    dryRun: input.dryRun,
  });
  return plan.value;
}

function* backUp(
  context: OrchestrationContext,
  input: SubscriptionInput,
  planned: readonly PlannedSnapshot[],
): Generator<Task, DiskResult[], unknown> {
  if (planned.length === 0) return [];
  const recordTarget = {
    account: input.catalogAccount,
    catalogTable: input.catalogTable,
    auditTable: input.auditTable,
  };
  const recordCommonNow = (): BackupRecordCommon => ({
    subscriptionId: input.subscriptionId,
    backupResourceGroup: input.plan.backupResourceGroup,
    partitionKey: partitionKeyOf({
      kind: 'backup',
      utc: new Date(input.slot.utc),
      scheduled: input.slot.scheduled,
      timeZone: input.slot.timeZone,
    }),
    slotUtc: input.slot.utc,
    runId: input.runId,
    incremental: input.plan.incremental,
    at: context.df.currentUtcDateTime.toISOString(),
  });
  const results = new Map<string, DiskResult>();
  const base = (item: PlannedSnapshot): Omit<DiskResult, 'outcome'> => ({
    diskId: item.diskId,
    diskName: item.diskName,
    subscriptionId: item.subscriptionId,
    location: item.location,
    resourceGroup: item.resourceGroup,
    snapshotName: item.name,
    expiresOn: item.expiresOn,
    ...(item.warning === undefined ? {} : { warning: item.warning }),
    ...(item.pvcName === undefined ? {} : { pvc: `${item.pvcNamespace ?? ''}/${item.pvcName}` }),
  });
  // Counted as results change (not recounted per call): replays at 10,000 disks stay linear.
  const tally = { done: 0, failed: 0, settled: 0 };
  const count = (result: DiskResult, sign: 1 | -1) => {
    if (result.outcome === 'created' || result.outcome === 'exists') tally.done += sign;
    if (result.outcome === 'failed') tally.failed += sign;
    if (result.outcome !== 'pending') tally.settled += sign;
  };
  const setResult = (name: string, result: DiskResult) => {
    const previous = results.get(name);
    if (previous !== undefined) count(previous, -1);
    results.set(name, result);
    count(result, 1);
  };
  const progress = () => {
    context.df.setCustomStatus({
      subscriptionId: input.subscriptionId,
      total: planned.length,
      done: tally.done,
      failed: tally.failed,
      pending: planned.length - tally.settled,
    });
  };

  // 1. What already exists for this slot (a rerun, or a crash after the PUTs).
  const slotListing: ListBackupSnapshotsInput = {
    subscriptionId: input.subscriptionId,
    resourceGroup: input.plan.backupResourceGroup,
    slotUtc: input.slot.utc,
  };
  const listing = yield* callAzureActivity<readonly ListedSnapshot[]>(
    context,
    LIST_BACKUP_SNAPSHOTS,
    slotListing,
  );
  if (listing.outcome !== 'ok') {
    const reason = /ResourceGroupNotFound/.test(listing.reason)
      ? `the backup resource group '${input.plan.backupResourceGroup}' does not exist in subscription ${input.subscriptionId}; create it (snapshots stay in the disk's subscription and region)`
      : `cannot list the backup resource group: ${listing.reason}`;
    for (const item of planned) setResult(item.name, { ...base(item), outcome: 'failed', error: reason });
    logOnce(context, { runId: input.runId, subscriptionId: input.subscriptionId, outcome: 'failed', reason });
    if (!input.dryRun) {
      // Recorded per disk in the audit table like any other failure, so status can show why.
      yield* writeInBatches(
        context,
        backupResultsWrite(
          recordTarget,
          recordCommonNow(),
          planned.map((item) => ({
            diskId: item.diskId,
            snapshotName: item.name,
            outcome: 'failed' as const,
            message: reason,
          })),
        ),
      );
    }
    return [...results.values()];
  }
  const existing = groupBySource(listing.value);
  const toCreate: PlannedSnapshot[] = [];
  const toVerify = new Map<string, { item: PlannedSnapshot; since: string }>();
  for (const item of planned) {
    const match = findSlotSnapshot(existing.get(item.diskId.toLowerCase()) ?? [], {
      diskId: item.diskId,
      diskUniqueId: item.diskUniqueId,
      expectedName: item.name,
      slot: new Date(input.slot.utc),
    });
    if (match === undefined) toCreate.push(item);
    else if (stateOf(match) === 'succeeded') {
      setResult(item.name, {
        ...base(item),
        snapshotName: match.name,
        snapshotId: match.id,
        outcome: 'exists',
      });
    } else {
      toVerify.set(match.name, {
        item: { ...item, name: match.name },
        since: context.df.currentUtcDateTime.toISOString(),
      });
    }
  }
  if (input.dryRun) {
    for (const item of toCreate) setResult(item.name, { ...base(item), outcome: 'planned' });
    for (const { item } of toVerify.values()) setResult(item.name, { ...base(item), outcome: 'exists' });
    return [...results.values()];
  }
  progress();

  // 2. The PUTs, chunk by chunk, in parts (see chunkSequence).
  const chunks = chunksOf(toCreate, input.chunkSize);
  const chunkItems = chunks.map((chunk) =>
    chunk.map((item): ChunkSnapshot => ({
      name: item.name,
      location: item.location,
      diskId: item.diskId,
      diskName: item.diskName,
      retentionDays: item.retentionDays,
      expiresOn: item.expiresOn,
      partitionKey: item.partitionKey,
      ...(item.pvcNamespace === undefined ? {} : { pvcNamespace: item.pvcNamespace }),
      ...(item.pvcName === undefined ? {} : { pvcName: item.pvcName }),
    })),
  );
  const chunkCommon: ChunkCommon = {
    subscriptionId: input.subscriptionId,
    resourceGroup: input.plan.backupResourceGroup,
    incremental: input.plan.incremental,
    slotUtc: input.slot.utc,
    runId: input.runId,
  };
  yield* runChunksInParts(
    context,
    BACKUP_CHUNK,
    chunkItems,
    (index, answers) => {
      const chunkByName = new Map((chunks[index] ?? []).map((item) => [item.name, item]));
      for (const submission of answers as SubmissionResult[]) {
        const item = chunkByName.get(submission.name);
        if (item === undefined) continue;
        if (submission.outcome === 'failed') {
          setResult(item.name, { ...base(item), outcome: 'failed', error: submission.reason ?? 'failed' });
          logOnce(context, {
            runId: input.runId,
            diskId: item.diskId,
            snapshot: item.name,
            outcome: 'failed',
            reason: submission.reason,
          });
        } else {
          toVerify.set(item.name, { item, since: submission.at });
        }
      }
      progress();
    },
    chunkCommon,
  );

  // 3. Verify in bulk: one list per round.
  const states = new Map<string, { state: SnapshotState; id: string }>();
  for (let round = 0; toVerify.size > 0 && round < VERIFY_ROUNDS; round++) {
    if (round > 0) {
      const delay = Math.min(30_000 * 2 ** (round - 1), 600_000);
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + delay));
    }
    // Few left (a later round, typically): the list names them, so the answer in the history is theirs alone.
    const verifyListing: ListBackupSnapshotsInput =
      toVerify.size <= NAMED_LISTING_LIMIT ? { ...slotListing, names: [...toVerify.keys()] } : slotListing;
    const check = yield* callAzureActivity<readonly ListedSnapshot[]>(
      context,
      LIST_BACKUP_SNAPSHOTS,
      verifyListing,
    );
    if (check.outcome !== 'ok') continue;
    const listed = new Map(check.value.map((s) => [s.name.toLowerCase(), s]));
    const now = context.df.currentUtcDateTime;
    for (const [name, { item, since }] of [...toVerify.entries()]) {
      const named = listed.get(name.toLowerCase());
      const snapshot =
        named !== undefined && isFromDisk(named, item.diskId, item.diskUniqueId) ? named : undefined;
      const durationMs = now.getTime() - new Date(since).getTime();
      if (snapshot === undefined) {
        setResult(name, {
          ...base(item),
          outcome: 'failed',
          error: 'the snapshot was accepted but is not there any more',
        });
        toVerify.delete(name);
        continue;
      }
      const state = stateOf(snapshot);
      states.set(name, { state, id: snapshot.id });
      if (state === 'creating' || state === 'copying') continue;
      toVerify.delete(name);
      setResult(
        name,
        state === 'succeeded'
          ? { ...base(item), snapshotId: snapshot.id, outcome: 'created', durationMs }
          : {
              ...base(item),
              snapshotId: snapshot.id,
              outcome: 'failed',
              error: 'snapshot creation ended Failed',
            },
      );
      logOnce(context, {
        runId: input.runId,
        diskId: item.diskId,
        snapshot: name,
        outcome: state === 'succeeded' ? 'created' : 'failed',
        durationMs,
      });
    }
    progress();
  }
  for (const { item } of toVerify.values()) {
    const state = states.get(item.name);
    setResult(item.name, {
      ...base(item),
      ...(state === undefined ? {} : { snapshotId: state.id }),
      outcome: 'pending',
      warning: `still ${state?.state ?? 'unverified'} after the verification rounds; the next run or reconcile checks it again`,
    });
  }

  // 4. Catalog rows and audit records, in batches, in their compact form (see backupRecords).
  const byName = new Map(planned.map((item) => [item.name.toLowerCase(), item]));
  const recordCommon = recordCommonNow();
  const recorded: RecordedDisk[] = [];
  for (const result of results.values()) {
    const item =
      byName.get(result.snapshotName.toLowerCase()) ?? planned.find((p) => p.diskId === result.diskId);
    const exists = result.outcome !== 'failed' && result.snapshotId !== undefined;
    recorded.push({
      diskId: result.diskId,
      snapshotName: result.snapshotName,
      outcome: result.outcome === 'pending' || result.outcome === 'planned' ? 'skipped' : result.outcome,
      ...(result.error === undefined ? {} : { message: result.error }),
      ...(result.warning === undefined ? {} : { warning: result.warning }),
      ...(result.durationMs === undefined ? {} : { durationMs: result.durationMs }),
      ...(item === undefined || !exists
        ? {}
        : {
            row: recordedRowOf(recordCommon, result.snapshotName, result.snapshotId, {
              status:
                result.outcome === 'pending'
                  ? states.get(result.snapshotName)?.state === 'copying'
                    ? 'copying'
                    : 'creating'
                  : 'succeeded',
              uniqueId: item.diskUniqueId,
              location: item.location,
              retentionDays: item.retentionDays,
              expiresOn: item.expiresOn,
              ...(item.pvcNamespace === undefined ? {} : { pvcNamespace: item.pvcNamespace }),
              ...(item.pvcName === undefined ? {} : { pvcName: item.pvcName }),
            }),
          }),
    });
  }
  yield* writeInBatches(context, backupResultsWrite(recordTarget, recordCommon, recorded));
  return [...results.values()];
}

df.app.orchestration(BACKUP_SUBSCRIPTION, backupSubscription);
