import { app } from '@azure/functions';
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import '../../src/hooks/releaseEpisodeHistory';
import { OrchestrationRunner } from '../../src/runner/orchestrationRunner';
import { VirtualClock } from '../../src/runtime/clock';

df.app.activity('keepsHistoryField', {
  handler: (input: { history: number[] }) => input.history.length,
});

df.app.orchestration('threeEpisodes', function* (context: OrchestrationContext): Generator<
  Task,
  number[],
  unknown
> {
  const first = (yield context.df.callActivity('keepsHistoryField', { history: [1, 2, 3] })) as number;
  const second = (yield context.df.callActivity('keepsHistoryField', { history: [4] })) as number;
  return [first, second];
});

/** Every trigger input the functions were called with, captured before the call. */
const seen: { trigger: string; input: unknown }[] = [];
const capture = app.hook.preInvocation((context) => {
  seen.push({ trigger: context.invocationContext.options.trigger.type, input: context.inputs[0] });
});

let output: unknown;
beforeAll(async () => {
  const runner = new OrchestrationRunner({ clock: new VirtualClock(new Date('2026-11-24T23:00:00Z')) });
  output = (await runner.waitForCompletion(runner.startNew('threeEpisodes', {}))).output;
});
afterAll(() => {
  capture.dispose();
});

describe('releaseEpisodeHistory', () => {
  it('empties the history each orchestrator episode was given once it has answered', () => {
    const histories = seen
      .filter((call) => call.trigger === 'orchestrationTrigger')
      .map((call) => (call.input as { history: unknown[] }).history.length);
    expect(histories).toEqual([0, 0, 0]);
  });

  it('lets the orchestration replay to its end', () => {
    expect(output).toEqual([3, 1]);
  });

  it('leaves the inputs of other functions alone', () => {
    const activityInputs = seen
      .filter((call) => call.trigger === 'activityTrigger')
      .map((call) => (call.input as { history: number[] }).history);
    expect(activityInputs).toEqual([[1, 2, 3], [4]]);
  });
});
