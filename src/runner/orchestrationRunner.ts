/**
 * The in-process orchestration runner: runs our registered orchestrators to
 * completion in one Node process by feeding histories to the real
 * durable-functions replay machinery, as the Durable host does, and runs
 * activities in-process. It is the host for the CLI, `npm start`, the tests and
 * the benchmark; no orchestration logic is written for it.
 *
 * How it mirrors the host:
 * - An episode = the whole history so far (marked played) + OrchestratorStarted
 *   (its timestamp is `currentUtcDateTime`) + up to 32 new completion events.
 * - The library matches completions by task id only, numbering tasks in the
 *   order it first tracks them. The runner keeps the same counter: retry
 *   timers and retry attempts get their ids while their event is delivered, new
 *   actions get theirs after the replay, in action order. Events that allocate
 *   an id are put first in a batch so both sides count in the same order.
 * - Time comes from one injected clock. Timers fire on it; with a virtual
 *   clock time only moves when nothing else can run, so nothing livelocks and
 *   a 20-minute timer costs no real time.
 */
import { randomUUID } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Clock } from '../runtime/clock';
import { findRegisteredFunction, triggerBindingOf, type RegisteredFunction } from './functionsCore';
import {
  HistoryEventType,
  historyEvents,
  toJson,
  type CompletionEvent,
  type HistoryEvent,
} from './historyEvents';
import { createInvocationContext, invokeFunction, type FunctionLogger } from './invokeFunction';
import {
  TERMINAL_STATUSES,
  type EpisodeScheduling,
  type InboxItem,
  type OrchestrationInstance,
  type RetryState,
  type RuntimeStatus,
  type ScheduledWork,
} from './orchestrationInstance';
import {
  actionFingerprint,
  readEpisodeResult,
  type EpisodeResult,
  type ScheduledAction,
} from './orchestratorActions';
import { Signal } from './signal';
import { TimerQueue } from './timerQueue';

export interface RunnerOptions {
  readonly clock: Clock;
  /** Activities executing at once (the host's maxConcurrentActivityFunctions). */
  readonly activityConcurrency?: number;
  /** Completion events delivered in one episode (the host's controlQueueBatchSize). */
  readonly maxEventsPerEpisode?: number;
  /** Real milliseconds to wait for more completions while activities run, before replaying. */
  readonly batchWindowMs?: number;
  readonly log?: FunctionLogger;
}

export interface InstanceStatus {
  readonly name: string;
  readonly instanceId: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly input: unknown;
  readonly output: unknown;
  readonly customStatus: unknown;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
  readonly history?: readonly HistoryEvent[];
}

export interface InstanceFilter {
  readonly runtimeStatus?: readonly RuntimeStatus[];
  readonly createdTimeFrom?: Date;
  readonly createdTimeTo?: Date;
}

/** Counters the tests and the benchmark read. */
export interface RunnerStats {
  episodes: number;
  eventsReplayed: number;
  largestHistory: number;
  replayCpuMicros: number;
  /** The same CPU split by orchestrator name: where a fleet's replay cost goes. */
  replayCpuMicrosByOrchestrator: Record<string, number>;
  activitiesRun: number;
  largestBatch: number;
}

export class InstanceExistsError extends Error {
  constructor(readonly instanceId: string) {
    super(`An orchestration with instance id "${instanceId}" is already pending or running.`);
    this.name = 'InstanceExistsError';
  }
}

// Timer limits the Azure Storage provider reports to the library (schema V3+).
const MAXIMUM_SHORT_TIMER = '6.00:00:00';
const LONG_RUNNING_TIMER_INTERVAL = '3.00:00:00';
const MAXIMUM_SHORT_TIMER_MS = 6 * 24 * 3600 * 1000;
const REPLAY_SCHEMA_V4 = 3;
const OUT_OF_PROC_DATA = '$OutOfProcData$:';

const errorText = (error: unknown): { message: string; details: string } =>
  error instanceof Error
    ? { message: error.message, details: error.stack ?? '' }
    : { message: String(error), details: '' };

export class OrchestrationRunner {
  readonly clock: Clock;
  readonly stats: RunnerStats = {
    episodes: 0,
    eventsReplayed: 0,
    largestHistory: 0,
    replayCpuMicros: 0,
    replayCpuMicrosByOrchestrator: {},
    activitiesRun: 0,
    largestBatch: 0,
  };
  private readonly instances = new Map<string, OrchestrationInstance>();
  private readonly ready = new Set<string>();
  private readonly timers = new TimerQueue();
  private readonly limit: LimitFunction;
  private readonly maxEventsPerEpisode: number;
  private readonly batchWindowMs: number;
  private readonly log: FunctionLogger;
  private readonly activity = new Signal();
  /** What each running sub-orchestration was started for, to report back to its parent. */
  private readonly childWork = new Map<string, ScheduledWork & { kind: 'subOrchestration' }>();
  private inFlight = 0;

  constructor(options: RunnerOptions) {
    this.clock = options.clock;
    this.limit = pLimit(options.activityConcurrency ?? 10);
    this.maxEventsPerEpisode = options.maxEventsPerEpisode ?? 32;
    this.batchWindowMs = options.batchWindowMs ?? 10;
    this.log = options.log ?? (() => undefined);
  }

  /** Starts an orchestration; like the host, refuses an id that is pending or running. */
  startNew(name: string, options: { instanceId?: string; input?: unknown } = {}): string {
    this.orchestratorFunction(name);
    const instanceId = options.instanceId ?? randomUUID().replaceAll('-', '');
    const existing = this.instances.get(instanceId);
    if (existing !== undefined && !TERMINAL_STATUSES.includes(existing.runtimeStatus)) {
      throw new InstanceExistsError(instanceId);
    }
    this.createInstance(name, instanceId, toJson(options.input));
    this.activity.notify();
    return instanceId;
  }

  raiseEvent(instanceId: string, eventName: string, data: unknown): void {
    const instance = this.requireInstance(instanceId);
    if (TERMINAL_STATUSES.includes(instance.runtimeStatus)) {
      throw new Error(`Instance "${instanceId}" is ${instance.runtimeStatus}; it takes no events.`);
    }
    this.enqueue(instance, {
      event: historyEvents.eventRaised(this.clock.now(), eventName, data),
      allocates: false,
    });
    this.activity.notify();
  }

  terminate(instanceId: string, reason: string): void {
    const instance = this.requireInstance(instanceId);
    if (TERMINAL_STATUSES.includes(instance.runtimeStatus)) {
      throw new Error(`Instance "${instanceId}" is already ${instance.runtimeStatus}.`);
    }
    this.finish(instance, 'Terminated', reason, `Terminated: ${reason}`);
  }

  getStatus(instanceId: string, options: { showHistory?: boolean } = {}): InstanceStatus | undefined {
    const instance = this.instances.get(instanceId);
    return instance === undefined ? undefined : this.statusOf(instance, options.showHistory === true);
  }

  listInstances(filter: InstanceFilter = {}): InstanceStatus[] {
    return [...this.instances.values()].filter((i) => matches(i, filter)).map((i) => this.statusOf(i, false));
  }

  /** Removes the history of a finished instance; returns how many were removed (0 or 1). */
  purge(instanceId: string): number {
    const instance = this.instances.get(instanceId);
    if (instance === undefined || !TERMINAL_STATUSES.includes(instance.runtimeStatus)) return 0;
    this.instances.delete(instanceId);
    return 1;
  }

  purgeBy(filter: InstanceFilter): number {
    let purged = 0;
    for (const instance of [...this.instances.values()]) {
      if (matches(instance, filter)) purged += this.purge(instance.instanceId);
    }
    return purged;
  }

  /**
   * Runs until nothing can happen any more: no episode to run, no activity in
   * flight, no timer left. With the system clock this sleeps until timers are due.
   */
  async runUntilIdle(): Promise<void> {
    await this.drive(() => false);
  }

  /**
   * Runs until `stop()` is true or nothing can happen any more. Work left over
   * simply stays undriven — which is how tests simulate a process that died.
   */
  async runUntil(stop: () => boolean): Promise<void> {
    await this.drive(stop);
  }

  /** Runs until the instance reaches Completed, Failed or Terminated, and returns its status. */
  async waitForCompletion(instanceId: string): Promise<InstanceStatus> {
    const done = (): boolean => TERMINAL_STATUSES.includes(this.requireInstance(instanceId).runtimeStatus);
    await this.drive(done);
    const instance = this.requireInstance(instanceId);
    if (!done()) {
      throw new Error(
        `Orchestration "${instanceId}" (${instance.name}) is ${instance.runtimeStatus} with nothing left to run: it waits for an event that never comes.`,
      );
    }
    return this.statusOf(instance, false);
  }

  private async drive(stop: () => boolean): Promise<void> {
    let batchWaitStarted: number | undefined;
    for (;;) {
      if (stop()) return;
      if (this.ready.size > 0) {
        // Like the host's queue polling: while activities are still running, give their
        // completions a short real-time window to arrive, so they share one episode
        // instead of each replaying the whole history. A full batch runs at once.
        if (this.inFlight > 0 && !this.hasFullBatch()) {
          batchWaitStarted ??= Date.now();
          const waited = Date.now() - batchWaitStarted;
          if (waited < this.batchWindowMs) {
            await Promise.race([this.activity.wait(), delay(this.batchWindowMs - waited)]);
            continue;
          }
        }
        batchWaitStarted = undefined;
        await this.runReadyEpisodes();
        continue;
      }
      if (this.inFlight > 0) {
        await this.activity.wait();
        continue;
      }
      const next = this.timers.earliest();
      if (next === undefined) return;
      await this.clock.sleepUntil(next.fireAt, this.activity.wait());
      for (const timer of this.timers.takeDue(this.clock.now())) timer.onFire();
    }
  }

  private hasFullBatch(): boolean {
    for (const id of this.ready) {
      if ((this.instances.get(id)?.inbox.length ?? 0) >= this.maxEventsPerEpisode) return true;
    }
    return false;
  }

  private async runReadyEpisodes(): Promise<void> {
    const ids = [...this.ready];
    this.ready.clear();
    for (const id of ids) {
      const instance = this.instances.get(id);
      if (instance === undefined || TERMINAL_STATUSES.includes(instance.runtimeStatus)) continue;
      if (instance.inbox.length === 0 && instance.history.length > 0) continue;
      await this.runEpisode(instance);
      if (instance.inbox.length > 0 && !TERMINAL_STATUSES.includes(instance.runtimeStatus))
        this.ready.add(id);
    }
  }

  private createInstance(
    name: string,
    instanceId: string,
    inputJson: string,
    parent?: OrchestrationInstance['parent'],
  ): OrchestrationInstance {
    const now = this.clock.now();
    const instance: OrchestrationInstance = {
      instanceId,
      name,
      input: JSON.parse(inputJson) as unknown,
      inputJson,
      runtimeStatus: 'Pending',
      outputJson: 'null',
      customStatus: null,
      createdTime: now,
      lastUpdatedTime: now,
      ...(parent === undefined ? {} : { parent }),
      generation: 0,
      history: [],
      inbox: [],
      nextId: 0,
      signatures: [],
      actionIds: [],
      episodes: 0,
    };
    this.instances.set(instanceId, instance);
    this.ready.add(instanceId);
    return instance;
  }

  /** Allocating events first (in arrival order), then the rest, at most maxEventsPerEpisode. */
  private takeBatch(instance: OrchestrationInstance): InboxItem[] {
    const allocating = instance.inbox.filter((item) => item.allocates);
    const others = instance.inbox.filter((item) => !item.allocates);
    const batch = [...allocating, ...others].slice(0, this.maxEventsPerEpisode);
    const taken = new Set(batch);
    instance.inbox = instance.inbox.filter((item) => !taken.has(item));
    return batch;
  }

  private async runEpisode(instance: OrchestrationInstance): Promise<void> {
    const fn = this.orchestratorFunction(instance.name);
    const now = this.clock.now();
    const isFirstEpisode = instance.history.length === 0;
    const batch = isFirstEpisode && instance.inbox.length === 0 ? [] : this.takeBatch(instance);
    const scheduling: EpisodeScheduling = {
      now,
      events: [],
      afterEpisode: [],
      allocateId: () => instance.nextId++,
    };
    const newEvents: HistoryEvent[] = [historyEvents.orchestratorStarted(now)];
    if (isFirstEpisode) {
      newEvents.push(
        historyEvents.executionStarted(now, instance.name, instance.inputJson, instance.parent?.instanceId),
      );
    }
    for (const item of batch) {
      newEvents.push(item.event);
      item.deliver?.(scheduling);
    }
    for (const event of instance.history) event.IsPlayed = true;
    const history = [...instance.history, ...newEvents];
    const historyLength = history.length;

    const cpuBefore = process.cpuUsage();
    const outcome = await this.replay(fn, instance, history);
    const cpu = process.cpuUsage(cpuBefore);
    this.stats.replayCpuMicros += cpu.user + cpu.system;
    const byName = this.stats.replayCpuMicrosByOrchestrator;
    byName[instance.name] = (byName[instance.name] ?? 0) + cpu.user + cpu.system;
    this.stats.episodes += 1;
    this.stats.eventsReplayed += historyLength;
    this.stats.largestHistory = Math.max(this.stats.largestHistory, historyLength);
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    instance.episodes += 1;
    if (instance.runtimeStatus === 'Pending') instance.runtimeStatus = 'Running';
    instance.lastUpdatedTime = now;
    if (outcome.customStatus !== undefined) instance.customStatus = outcome.customStatus ?? null;

    let failure = outcome.failure;
    if (outcome.result !== undefined) {
      failure =
        this.checkDeterminism(instance, outcome.result.actions) ??
        this.schedule(instance, outcome.result, scheduling);
    }
    // From the runner's own events: the array the library was given is the worker's (a hook may empty it).
    instance.history = [
      ...instance.history,
      ...newEvents,
      ...scheduling.events,
      historyEvents.orchestratorCompleted(now),
    ];

    if (failure === undefined) for (const start of scheduling.afterEpisode) start();
    if (failure !== undefined) {
      this.finish(
        instance,
        'Failed',
        `Orchestrator function '${instance.name}' failed: ${failure.message}`,
        failure.details,
      );
    } else if (outcome.result?.continueAsNew !== undefined) {
      this.continueAsNew(instance, outcome.result.continueAsNew.input);
    } else if (outcome.result?.isDone === true) {
      this.finish(instance, 'Completed', outcome.result.output);
    }
  }

  private async replay(
    fn: RegisteredFunction,
    instance: OrchestrationInstance,
    history: HistoryEvent[],
  ): Promise<{
    result?: EpisodeResult;
    failure?: { message: string; details: string };
    customStatus?: unknown;
  }> {
    const binding = {
      history,
      input: instance.input,
      instanceId: instance.instanceId,
      isReplaying: false,
      parentInstanceId: instance.parent?.instanceId,
      maximumShortTimerDuration: MAXIMUM_SHORT_TIMER,
      longRunningTimerIntervalDuration: LONG_RUNNING_TIMER_INTERVAL,
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
      upperSchemaVersion: REPLAY_SCHEMA_V4,
      upperSchemaVersionNew: REPLAY_SCHEMA_V4,
    };
    const context = createInvocationContext(fn, this.log);
    try {
      const result = readEpisodeResult(await invokeFunction(fn, binding, context));
      return { result, customStatus: result.customStatus };
    } catch (error) {
      const { message, details } = errorText(error);
      const marker = message.indexOf(OUT_OF_PROC_DATA);
      if (marker < 0) return { failure: { message, details } };
      // The library's OrchestrationFailureError: "…\n\n$OutOfProcData$:<state JSON>"; the
      // orchestrator's own error message is the state's `error`.
      const state = JSON.parse(message.slice(marker + OUT_OF_PROC_DATA.length)) as {
        error?: unknown;
        customStatus?: unknown;
      };
      const reason = typeof state.error === 'string' ? state.error : message.slice(0, marker).trim();
      return { failure: { message: reason, details }, customStatus: state.customStatus };
    }
  }

  private checkDeterminism(
    instance: OrchestrationInstance,
    actions: readonly ScheduledAction[],
  ): { message: string; details: string } | undefined {
    const known = instance.signatures;
    const mismatch = known.findIndex((signature, index) => {
      const action = actions[index];
      return action === undefined || actionFingerprint(action) !== signature;
    });
    if (mismatch < 0) return undefined;
    const now = actions[mismatch];
    return {
      message:
        `Non-deterministic orchestrator "${instance.name}" (instance ${instance.instanceId}): on replay, action #${mismatch + 1} is ` +
        `${now === undefined ? 'missing' : actionFingerprint(now)} but an earlier execution scheduled ${known[mismatch]}. ` +
        'An orchestrator must make the same calls on every replay: take time from context.df.currentUtcDateTime ' +
        'and anything random, from the environment or from I/O from its input or an activity, never from Date.now(), ' +
        'Math.random() or process.env.',
      details: '',
    };
  }

  /** Gives ids to the actions this episode added and starts them. */
  private schedule(
    instance: OrchestrationInstance,
    result: EpisodeResult,
    scheduling: EpisodeScheduling,
  ): { message: string; details: string } | undefined {
    const now = scheduling.now;
    // A timer canceled since it was scheduled (e.g. it lost a Task.any race) will not be awaited.
    result.actions.forEach((action, index) => {
      const id = instance.actionIds[index];
      if (
        action.kind === 'timer' &&
        action.canceled &&
        id !== undefined &&
        index < instance.signatures.length
      ) {
        this.timers.remove((t) => t.instanceId === instance.instanceId && t.timerId === id);
      }
    });
    for (const action of result.actions.slice(instance.signatures.length)) {
      instance.signatures.push(actionFingerprint(action));
      if (action.kind === 'externalEvent') {
        // Waiting for an event takes no task id: the library matches raised events by name.
        instance.actionIds.push(undefined);
        continue;
      }
      const id = scheduling.allocateId();
      instance.actionIds.push(id);
      switch (action.kind) {
        case 'timer':
          if (action.fireAt.getTime() - now.getTime() > MAXIMUM_SHORT_TIMER_MS) {
            return {
              message: `the in-process runner supports durable timers up to 6 days; this one fires at ${action.fireAt.toISOString()}.`,
              details: '',
            };
          }
          scheduling.events.push(historyEvents.timerCreated(now, id, action.fireAt));
          if (!action.canceled) {
            const fireAt = action.fireAt;
            this.addTimer(instance, id, fireAt, () => {
              this.enqueue(instance, {
                event: historyEvents.timerFired(this.clock.now(), id, fireAt),
                allocates: false,
              });
            });
          }
          break;
        case 'activity': {
          const work: ScheduledWork = {
            kind: 'activity',
            name: action.name,
            inputJson: toJson(action.input),
            ...(action.retry === undefined ? {} : { retry: { policy: action.retry, attempt: 1 } }),
          };
          scheduling.events.push(historyEvents.taskScheduled(now, id, action.name, work.inputJson));
          scheduling.afterEpisode.push(() => {
            this.startWork(instance, id, work);
          });
          break;
        }
        case 'subOrchestration': {
          const childInstanceId =
            action.instanceId ?? `${instance.instanceId}:${id.toString().padStart(4, '0')}`;
          const work: ScheduledWork = {
            kind: 'subOrchestration',
            name: action.name,
            inputJson: toJson(action.input),
            childInstanceId,
            ...(action.retry === undefined ? {} : { retry: { policy: action.retry, attempt: 1 } }),
          };
          scheduling.events.push(
            historyEvents.subOrchestrationCreated(now, id, action.name, childInstanceId, work.inputJson),
          );
          scheduling.afterEpisode.push(() => {
            this.startWork(instance, id, work);
          });
          break;
        }
      }
    }
    return undefined;
  }

  private addTimer(instance: OrchestrationInstance, timerId: number, fireAt: Date, onFire: () => void): void {
    const generation = instance.generation;
    this.timers.add({
      instanceId: instance.instanceId,
      generation,
      timerId,
      fireAt,
      onFire: () => {
        if (this.isCurrent(instance, generation)) onFire();
      },
    });
  }

  /** Starts one attempt of an activity or sub-orchestration whose task id is `taskId`. */
  private startWork(instance: OrchestrationInstance, taskId: number, work: ScheduledWork): void {
    if (work.kind === 'activity') {
      this.runActivity(instance, taskId, work);
    } else {
      this.startChild(instance, taskId, work);
    }
  }

  private runActivity(
    instance: OrchestrationInstance,
    taskId: number,
    work: ScheduledWork & { kind: 'activity' },
  ): void {
    const generation = instance.generation;
    this.inFlight += 1;
    void this.limit(async () => this.invokeActivity(work.name, work.inputJson))
      .then((outcome) => {
        this.stats.activitiesRun += 1;
        if (!this.isCurrent(instance, generation)) return;
        const at = this.clock.now();
        if ('resultJson' in outcome) {
          this.enqueue(instance, {
            event: historyEvents.taskCompleted(at, taskId, outcome.resultJson),
            allocates: false,
          });
        } else {
          const reason = `Activity function '${work.name}' failed: ${outcome.error.message}`;
          this.enqueueFailure(
            instance,
            historyEvents.taskFailed(at, taskId, reason, outcome.error.details),
            work,
          );
        }
      })
      .finally(() => {
        this.inFlight -= 1;
        this.activity.notify();
      });
  }

  private async invokeActivity(
    name: string,
    inputJson: string,
  ): Promise<{ resultJson: string } | { error: { message: string; details: string } }> {
    const fn = findRegisteredFunction(name);
    if (fn === undefined || triggerBindingOf(fn).type !== 'activityTrigger') {
      return {
        error: {
          message: `The function '${name}' doesn't exist or is not an activity function.`,
          details: '',
        },
      };
    }
    try {
      const context = createInvocationContext(fn, this.log);
      // The host hands the activity a deserialized copy of what the orchestrator sent, and stores its result as JSON.
      return { resultJson: toJson(await invokeFunction(fn, JSON.parse(inputJson) as unknown, context)) };
    } catch (error) {
      return { error: errorText(error) };
    }
  }

  private startChild(
    parent: OrchestrationInstance,
    taskId: number,
    work: ScheduledWork & { kind: 'subOrchestration' },
  ): void {
    const existing = this.instances.get(work.childInstanceId);
    if (
      findRegisteredFunction(work.name) === undefined ||
      (existing !== undefined && !TERMINAL_STATUSES.includes(existing.runtimeStatus))
    ) {
      const reason =
        existing === undefined
          ? `The orchestrator function '${work.name}' doesn't exist.`
          : `An orchestration with instance id '${work.childInstanceId}' is already running.`;
      this.enqueueFailure(
        parent,
        historyEvents.subOrchestrationFailed(this.clock.now(), taskId, reason, ''),
        work,
      );
      return;
    }
    this.createInstance(work.name, work.childInstanceId, work.inputJson, {
      instanceId: parent.instanceId,
      taskId,
      generation: parent.generation,
    });
    this.childWork.set(work.childInstanceId, work);
  }

  /**
   * A failed attempt. Without retry it is an ordinary completion. With retry the
   * library, on seeing the failure, tracks a retry timer (one task id) and, when
   * that timer fires with attempts left, the next attempt (another id); a timer
   * follows even the last failed attempt, whose failure the library surfaces
   * when that timer fires.
   */
  private enqueueFailure(instance: OrchestrationInstance, event: CompletionEvent, work: ScheduledWork): void {
    const retry = work.retry;
    if (retry === undefined) {
      this.enqueue(instance, { event, allocates: false });
      return;
    }
    this.enqueue(instance, {
      event,
      allocates: true,
      deliver: (scheduling) => {
        const timerId = scheduling.allocateId();
        const fireAt = new Date(scheduling.now.getTime() + retryDelay(retry));
        scheduling.events.push(historyEvents.timerCreated(scheduling.now, timerId, fireAt));
        this.addTimer(instance, timerId, fireAt, () => {
          this.enqueueRetryTimer(instance, timerId, fireAt, work, retry);
        });
      },
    });
  }

  private enqueueRetryTimer(
    instance: OrchestrationInstance,
    timerId: number,
    fireAt: Date,
    work: ScheduledWork,
    retry: RetryState,
  ): void {
    const event = historyEvents.timerFired(this.clock.now(), timerId, fireAt);
    if (retry.attempt >= retry.policy.maxNumberOfAttempts) {
      this.enqueue(instance, { event, allocates: false });
      return;
    }
    this.enqueue(instance, {
      event,
      allocates: true,
      deliver: (scheduling) => {
        const attemptId = scheduling.allocateId();
        retry.attempt += 1;
        scheduling.events.push(
          work.kind === 'activity'
            ? historyEvents.taskScheduled(scheduling.now, attemptId, work.name, work.inputJson)
            : historyEvents.subOrchestrationCreated(
                scheduling.now,
                attemptId,
                work.name,
                work.childInstanceId,
                work.inputJson,
              ),
        );
        // Started after the episode, like everything an episode schedules.
        scheduling.afterEpisode.push(() => {
          this.startWork(instance, attemptId, work);
        });
      },
    });
  }

  private enqueue(instance: OrchestrationInstance, item: InboxItem): void {
    instance.inbox.push(item);
    this.ready.add(instance.instanceId);
  }

  private continueAsNew(instance: OrchestrationInstance, input: unknown): void {
    instance.generation += 1;
    instance.inputJson = toJson(input);
    instance.input = JSON.parse(instance.inputJson) as unknown;
    instance.history = [];
    instance.inbox = instance.inbox.filter((item) => item.event.EventType === HistoryEventType.EventRaised);
    instance.nextId = 0;
    instance.signatures = [];
    instance.actionIds = [];
    this.timers.remove((t) => t.instanceId === instance.instanceId);
    this.ready.add(instance.instanceId);
  }

  private finish(
    instance: OrchestrationInstance,
    status: RuntimeStatus,
    output: unknown,
    details = '',
  ): void {
    const now = this.clock.now();
    instance.runtimeStatus = status;
    const outputJson = toJson(output);
    instance.outputJson = outputJson;
    instance.lastUpdatedTime = now;
    instance.inbox = [];
    instance.generation += 1;
    // What only replays need goes with the last one: a task hub keeps the history, not the worker's caches.
    instance.input = undefined;
    instance.signatures = [];
    instance.actionIds = [];
    this.timers.remove((t) => t.instanceId === instance.instanceId);
    instance.history.push(historyEvents.executionCompleted(now, status, outputJson));
    const parentLink = instance.parent;
    if (parentLink === undefined) return;
    const parent = this.instances.get(parentLink.instanceId);
    const work = this.childWork.get(instance.instanceId);
    this.childWork.delete(instance.instanceId);
    if (parent === undefined || work === undefined || !this.isCurrent(parent, parentLink.generation)) return;
    if (status === 'Completed') {
      this.enqueue(parent, {
        event: historyEvents.subOrchestrationCompleted(now, parentLink.taskId, outputJson),
        allocates: false,
      });
    } else {
      const reason = typeof output === 'string' ? output : `Sub-orchestration ${status.toLowerCase()}`;
      this.enqueueFailure(
        parent,
        historyEvents.subOrchestrationFailed(now, parentLink.taskId, reason, details),
        work,
      );
    }
    this.activity.notify();
  }

  private isCurrent(instance: OrchestrationInstance, generation: number): boolean {
    return (
      this.instances.get(instance.instanceId) === instance &&
      instance.generation === generation &&
      !TERMINAL_STATUSES.includes(instance.runtimeStatus)
    );
  }

  private orchestratorFunction(name: string): RegisteredFunction {
    const fn = findRegisteredFunction(name);
    if (fn === undefined || triggerBindingOf(fn).type !== 'orchestrationTrigger') {
      throw new Error(`No orchestrator function named "${name}" is registered.`);
    }
    return fn;
  }

  private requireInstance(instanceId: string): OrchestrationInstance {
    const instance = this.instances.get(instanceId);
    if (instance === undefined) throw new Error(`No orchestration instance "${instanceId}".`);
    return instance;
  }

  private statusOf(instance: OrchestrationInstance, withHistory: boolean): InstanceStatus {
    return {
      name: instance.name,
      instanceId: instance.instanceId,
      runtimeStatus: instance.runtimeStatus,
      input: (instance.input ?? JSON.parse(instance.inputJson)) as unknown,
      output: JSON.parse(instance.outputJson) as unknown,
      customStatus: instance.customStatus ?? null,
      createdTime: instance.createdTime,
      lastUpdatedTime: instance.lastUpdatedTime,
      ...(withHistory ? { history: instance.history } : {}),
    };
  }
}

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** The durable-functions retry schedule: first interval × coefficient^(attempt−1), capped. */
export function retryDelay(retry: RetryState): number {
  const { firstRetryIntervalInMilliseconds, backoffCoefficient, maxRetryIntervalInMilliseconds } =
    retry.policy;
  const delay = firstRetryIntervalInMilliseconds * backoffCoefficient ** (retry.attempt - 1);
  return maxRetryIntervalInMilliseconds > 0 ? Math.min(delay, maxRetryIntervalInMilliseconds) : delay;
}

function matches(instance: OrchestrationInstance, filter: InstanceFilter): boolean {
  if (
    filter.runtimeStatus !== undefined &&
    filter.runtimeStatus.length > 0 &&
    !filter.runtimeStatus.includes(instance.runtimeStatus)
  ) {
    return false;
  }
  if (filter.createdTimeFrom !== undefined && instance.createdTime < filter.createdTimeFrom) return false;
  if (filter.createdTimeTo !== undefined && instance.createdTime > filter.createdTimeTo) return false;
  return true;
}
