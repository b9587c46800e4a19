import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { VirtualClock } from '../../src/runtime/clock';
import { HistoryEventType } from '../../src/runner/historyEvents';
import { OrchestrationRunner } from '../../src/runner/orchestrationRunner';

// Small orchestrations registered through the real durable-functions API; the
// runner finds them through the captured @azure/functions-core registrations.
const attempts = new Map<string, number>();
const replayAwareLogs: string[] = [];

df.app.activity('double', { handler: (n: number) => n * 2 });
df.app.activity('echo', { handler: (value: unknown) => value });
df.app.activity('flaky', {
  // Fails `failures` times per key, then succeeds.
  handler: (input: { key: string; failures: number }) => {
    const seen = (attempts.get(input.key) ?? 0) + 1;
    attempts.set(input.key, seen);
    if (seen <= input.failures) throw new Error(`flaky ${input.key} attempt ${seen} failed`);
    return `${input.key} ok after ${seen}`;
  },
});

df.app.orchestration('fanOut', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  const numbers = context.df.getInput<number[]>();
  const doubled = (yield context.df.Task.all(
    numbers.map((n) => context.df.callActivity('double', n)),
  )) as number[];
  return doubled.reduce((sum, n) => sum + n, 0);
});

const retry = (attemptsAllowed: number): df.RetryOptions => {
  const options = new df.RetryOptions(1000, attemptsAllowed);
  options.backoffCoefficient = 2;
  return options;
};

df.app.orchestration('retrying', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  const input = context.df.getInput<{ key: string; failures: number; attempts: number }>();
  try {
    return yield context.df.callActivityWithRetry('flaky', retry(input.attempts), input);
  } catch (error) {
    return `gave up: ${(error as Error).message.split('\n')[0] ?? ''}`;
  }
});

df.app.orchestration('raceThenMore', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  const slow = context.df.callActivityWithRetry('flaky', retry(3), { key: 'race', failures: 1 });
  const quick = context.df.callActivity('echo', 'quick');
  const winner = yield context.df.Task.any([slow, quick]);
  const after = yield context.df.callActivity('echo', 'after');
  const slowResult = yield slow;
  return { winner: (winner as { result: unknown }).result, after, slowResult };
});

df.app.orchestration('child', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  const input = context.df.getInput<{ fail: boolean; value: number }>();
  if (input.fail) throw new Error(`child refused ${input.value}`);
  const doubled = (yield context.df.callActivity('double', input.value)) as number;
  return doubled;
});

df.app.orchestration('parent', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  const ok = (yield context.df.callSubOrchestrator('child', { fail: false, value: 4 })) as number;
  let failure = '';
  try {
    yield context.df.callSubOrchestrator('child', { fail: true, value: 5 }, `${context.df.instanceId}-bad`);
  } catch (error) {
    failure = (error as Error).message.split('\n')[0] ?? '';
  }
  return { ok, failure };
});

df.app.orchestration('flakyChild', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  // Throws (failing this child) until the flaky activity has been called often enough.
  const input = context.df.getInput<{ key: string; failures: number }>();
  return yield context.df.callActivity('flaky', input);
});

df.app.orchestration('retryingParent', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  return yield context.df.callSubOrchestratorWithRetry('flakyChild', retry(3), {
    key: 'child',
    failures: 2,
  });
});

let inFlight = 0;
let mostInFlight = 0;
df.app.activity('slow', {
  handler: async (ms: number) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, ms));
    inFlight -= 1;
    return ms;
  },
});

df.app.orchestration('manySlow', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  return yield context.df.Task.all(Array.from({ length: 9 }, () => context.df.callActivity('slow', 20)));
});

df.app.orchestration('raceTimer', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  const deadline = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 5 * 60 * 1000));
  const work = context.df.callActivity('slow', 30);
  const winner = (yield context.df.Task.any([deadline, work])) as Task;
  if (winner === work) deadline.cancel();
  return { workWon: winner === work, at: context.df.currentUtcDateTime.toISOString() };
});

df.app.orchestration('progressLoop', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  // Task.any over the tasks still running, again and again: the tasks keep their ids.
  const remaining = new Set([1, 2, 3, 4].map((n) => context.df.callActivity('double', n)));
  const seen: number[] = [];
  while (remaining.size > 0) {
    const finished = (yield context.df.Task.any([...remaining])) as Task;
    remaining.delete(finished);
    seen.push(finished.result as number);
  }
  return seen.sort((a, b) => a - b);
});

df.app.orchestration('sleeper', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  const start = context.df.currentUtcDateTime;
  yield context.df.createTimer(new Date(start.getTime() + 20 * 60 * 1000));
  return { start: start.toISOString(), woke: context.df.currentUtcDateTime.toISOString() };
});

df.app.orchestration('counter', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  const count = context.df.getInput<number>();
  context.df.setCustomStatus({ count });
  yield context.df.callActivity('echo', count);
  if (count < 3) {
    context.df.continueAsNew(count + 1);
    return undefined;
  }
  return `counted to ${count}`;
});

df.app.orchestration('failing', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  context.df.setCustomStatus('about to fail');
  yield context.df.callActivity('echo', 1);
  throw new Error('boom');
});

df.app.orchestration('logging', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  for (const step of [1, 2, 3]) {
    if (!context.df.isReplaying) replayAwareLogs.push(`before ${step}`);
    yield context.df.callActivity('echo', step);
  }
  return 'logged';
});

df.app.orchestration('random', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  yield context.df.callActivity('echo', Math.random());
  yield context.df.callActivity('echo', 'second');
  return 'unreachable';
});

df.app.orchestration('readsTheWallClock', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  yield context.df.callActivity('echo', Date.now());
  yield context.df.callActivity('echo', 'second');
  return 'unreachable';
});

df.app.orchestration('readsTheEnvironment', function* (context: OrchestrationContext): Generator<
  Task,
  unknown,
  unknown
> {
  yield context.df.callActivity('echo', process.env.RUNNER_TEST_FLAVOUR ?? 'none');
  process.env.RUNNER_TEST_FLAVOUR = 'changed';
  yield context.df.callActivity('echo', 'second');
  return 'unreachable';
});

const start = new Date('2026-11-24T23:00:00Z');
const newRunner = (options: { activityConcurrency?: number; maxEventsPerEpisode?: number } = {}) =>
  new OrchestrationRunner({ clock: new VirtualClock(start), ...options });

beforeEach(() => {
  attempts.clear();
  replayAwareLogs.length = 0;
});

describe('OrchestrationRunner', () => {
  it('fans out and in, delivering completions in batches rather than one episode each', async () => {
    const runner = newRunner({ activityConcurrency: 50 });
    const id = runner.startNew('fanOut', { input: Array.from({ length: 100 }, (_, i) => i) });
    const status = await runner.waitForCompletion(id);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toBe(9900);
    expect(runner.stats.activitiesRun).toBe(100);
    expect(runner.stats.largestBatch).toBe(32);
    expect(runner.stats.episodes).toBeLessThanOrEqual(1 + Math.ceil(100 / 32) + 2);
  });

  it('reports the input of a finished instance, whose replay caches it has dropped', async () => {
    const runner = newRunner();
    const id = runner.startNew('fanOut', { input: [1, 2, 3] });
    await runner.waitForCompletion(id);
    expect(runner.getStatus(id)?.input).toEqual([1, 2, 3]);
  });

  it('caps a batch at maxEventsPerEpisode', async () => {
    const runner = newRunner({ activityConcurrency: 50, maxEventsPerEpisode: 8 });
    const id = runner.startNew('fanOut', { input: Array.from({ length: 40 }, (_, i) => i) });
    expect((await runner.waitForCompletion(id)).output).toBe(1560);
    expect(runner.stats.largestBatch).toBe(8);
  });

  it('retries a failing activity on durable timers with backoff until it succeeds', async () => {
    const runner = newRunner();
    const id = runner.startNew('retrying', { input: { key: 'a', failures: 2, attempts: 3 } });
    const status = await runner.waitForCompletion(id);
    expect(status.output).toBe('a ok after 3');
    // Retry timers: 1 s after the first failure, 2 s after the second (coefficient 2).
    expect(runner.clock.now().toISOString()).toBe('2026-11-24T23:00:03.000Z');
  });

  it('surfaces the last failure when retries are exhausted, after the timer that follows it', async () => {
    const runner = newRunner();
    const id = runner.startNew('retrying', { input: { key: 'b', failures: 5, attempts: 2 } });
    const status = await runner.waitForCompletion(id);
    expect(status.output).toBe("gave up: Activity function 'flaky' failed: flaky b attempt 2 failed ");
    expect(attempts.get('b')).toBe(2);
    expect(runner.clock.now().toISOString()).toBe('2026-11-24T23:00:03.000Z');
  });

  it('numbers retry timers and new work in one episode exactly as the library does', async () => {
    const runner = newRunner();
    const id = runner.startNew('raceThenMore');
    const status = await runner.waitForCompletion(id);
    // Episode 2 holds both the retry's failure (which allocates a timer id) and
    // the quick result (which lets the orchestrator schedule "after").
    expect(runner.stats.largestBatch).toBe(2);
    expect(status.output).toEqual({ winner: 'quick', after: 'after', slowResult: 'race ok after 2' });
    const scheduled = (runner.getStatus(id, { showHistory: true })?.history ?? [])
      .filter(
        (e) =>
          e.EventType === HistoryEventType.TaskScheduled || e.EventType === HistoryEventType.TimerCreated,
      )
      .map(
        (e) =>
          `${e.EventType === HistoryEventType.TaskScheduled ? `task ${String(e.Name)}` : 'timer'}#${e.EventId}`,
      );
    expect(scheduled).toEqual(['task flaky#0', 'task echo#1', 'timer#2', 'task echo#3', 'task flaky#4']);
  });

  it('runs sub-orchestrations and reports a failing one to its parent', async () => {
    const runner = newRunner();
    const id = runner.startNew('parent', { instanceId: 'p1' });
    const status = await runner.waitForCompletion(id);
    expect(status.output).toEqual({
      ok: 8,
      failure: "Orchestrator function 'child' failed: child refused 5 ",
    });
    expect(runner.getStatus('p1-bad')?.runtimeStatus).toBe('Failed');
    expect(runner.getStatus('p1:0000')?.output).toBe(8);
  });

  it('retries a failing sub-orchestration, re-running the child until it succeeds', async () => {
    const runner = newRunner();
    const status = await runner.waitForCompletion(runner.startNew('retryingParent', { instanceId: 'rp' }));
    expect(status.output).toBe('child ok after 3');
    expect(runner.clock.now().toISOString()).toBe('2026-11-24T23:00:03.000Z');
  });

  it('keeps task ids when Task.any wraps tasks that were already scheduled', async () => {
    const runner = newRunner({ activityConcurrency: 1 });
    const status = await runner.waitForCompletion(runner.startNew('progressLoop'));
    expect(status.output).toEqual([2, 4, 6, 8]);
    expect(runner.stats.activitiesRun).toBe(4);
  });

  it('bounds the activities running at once', async () => {
    inFlight = 0;
    mostInFlight = 0;
    const runner = newRunner({ activityConcurrency: 3 });
    const status = await runner.waitForCompletion(runner.startNew('manySlow'));
    expect(status.output).toEqual([20, 20, 20, 20, 20, 20, 20, 20, 20]);
    expect(mostInFlight).toBe(3);
  });

  it('does not move virtual time while an activity is still running', async () => {
    const runner = newRunner();
    const status = await runner.waitForCompletion(runner.startNew('raceTimer'));
    // The 5-minute timer would win if the clock jumped while the 30 ms activity ran.
    expect(status.output).toEqual({ workWon: true, at: '2026-11-24T23:00:00.000Z' });
    await runner.runUntilIdle();
    expect(runner.clock.now().toISOString()).toBe('2026-11-24T23:00:00.000Z');
  });

  it('fires a 20-minute durable timer on the virtual clock without waiting 20 minutes', async () => {
    const runner = newRunner();
    const startedAt = Date.now();
    const status = await runner.waitForCompletion(runner.startNew('sleeper'));
    expect(status.output).toEqual({ start: '2026-11-24T23:00:00.000Z', woke: '2026-11-24T23:20:00.000Z' });
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('continues as new with fresh history and keeps the custom status', async () => {
    const runner = newRunner();
    const id = runner.startNew('counter', { input: 1 });
    const status = await runner.waitForCompletion(id);
    expect(status.output).toBe('counted to 3');
    expect(status.customStatus).toEqual({ count: 3 });
    expect(status.input).toBe(3);
    const history = runner.getStatus(id, { showHistory: true })?.history ?? [];
    expect(history.filter((e) => e.EventType === HistoryEventType.ExecutionStarted)).toHaveLength(1);
  });

  it('fails the instance with the orchestrator’s error and keeps its custom status', async () => {
    const runner = newRunner();
    const status = await runner.waitForCompletion(runner.startNew('failing'));
    expect(status.runtimeStatus).toBe('Failed');
    expect(status.output).toBe("Orchestrator function 'failing' failed: boom");
    expect(status.customStatus).toBe('about to fail');
  });

  it('marks earlier episodes as replayed, so guarded logs are written once', async () => {
    const runner = newRunner();
    await runner.waitForCompletion(runner.startNew('logging'));
    expect(replayAwareLogs).toEqual(['before 1', 'before 2', 'before 3']);
  });

  it.each([
    ['random', 'Math.random()'],
    ['readsTheWallClock', 'Date.now()'],
    ['readsTheEnvironment', 'process.env'],
  ])('catches the non-deterministic orchestrator %s (%s) and names it', async (name) => {
    let now = 1_000;
    const wallClock = jest.spyOn(Date, 'now').mockImplementation(() => (now += 1_000));
    delete process.env.RUNNER_TEST_FLAVOUR;
    try {
      const runner = newRunner();
      const status = await runner.waitForCompletion(runner.startNew(name));
      expect(status.runtimeStatus).toBe('Failed');
      expect(status.output).toContain(`Non-deterministic orchestrator "${name}"`);
      expect(status.output).toContain('action #1');
    } finally {
      wallClock.mockRestore();
      delete process.env.RUNNER_TEST_FLAVOUR;
    }
  });

  it('refuses to start an instance id that is still running', async () => {
    const runner = newRunner();
    runner.startNew('sleeper', { instanceId: 'once' });
    expect(() => runner.startNew('sleeper', { instanceId: 'once' })).toThrow(
      'An orchestration with instance id "once" is already pending or running.',
    );
    await runner.waitForCompletion('once');
    expect(runner.startNew('sleeper', { instanceId: 'once' })).toBe('once');
  });

  it('terminates a running instance and drops its late results', async () => {
    const runner = newRunner();
    const id = runner.startNew('sleeper');
    await Promise.resolve();
    runner.terminate(id, 'operator said so');
    await runner.runUntilIdle();
    expect(runner.getStatus(id)).toMatchObject({ runtimeStatus: 'Terminated', output: 'operator said so' });
    expect(runner.clock.now().toISOString()).toBe('2026-11-24T23:00:00.000Z');
  });

  it('names an unknown orchestrator', () => {
    expect(() => newRunner().startNew('nope')).toThrow(
      'No orchestrator function named "nope" is registered.',
    );
  });
});
