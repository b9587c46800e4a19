import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { WRITE_BATCH, writeInBatches } from '../../src/durable/catalogCalls';
import { OrchestrationRunner } from '../../src/runner/orchestrationRunner';
import { VirtualClock } from '../../src/runtime/clock';

// A stand-in table write that records how many batches were being written at once.
let inFlight = 0;
let mostInFlight = 0;
const written: number[] = [];
df.app.activity('countingWrite', {
  handler: async (input: { rows: number[] }) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= 1;
    written.push(input.rows.length);
    return { outcome: 'ok', value: input.rows.length };
  },
});

df.app.orchestration('writeRows', function* (context: OrchestrationContext): Generator<
  Task,
  string,
  unknown
> {
  const rows = context.df.getInput<number>();
  yield* writeInBatches(context, {
    activity: 'countingWrite',
    common: { account: 'account', table: 'rows' },
    field: 'rows',
    items: Array.from({ length: rows }, (_, i) => i),
    destination: 'the rows table',
  });
  return 'written';
});

describe('writeInBatches', () => {
  it('writes every batch, four at a time: each is megabytes while it is written', async () => {
    const runner = new OrchestrationRunner({
      clock: new VirtualClock(new Date('2026-11-24T23:00:00Z')),
      activityConcurrency: 50,
    });
    const rows = 9 * WRITE_BATCH + 1;

    const status = await runner.waitForCompletion(runner.startNew('writeRows', { input: rows }));

    expect(status.output).toBe('written');
    expect(written.reduce((sum, n) => sum + n, 0)).toBe(rows);
    expect(written).toHaveLength(10);
    expect(mostInFlight).toBe(4);
  });
});
