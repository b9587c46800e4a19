import { historyEvents, HistoryEventType } from '../../src/runner/historyEvents';
import { loadHistory, storeHistory } from '../../src/runner/storedHistory';

describe('storedHistory', () => {
  it('gives back the same events, with their times as Dates', () => {
    const at = new Date('2026-11-25T02:00:00.000Z');
    const fireAt = new Date('2026-11-25T02:00:30.000Z');
    const history = [
      historyEvents.executionStarted(at, 'backupChunk', '{"items":[]}'),
      historyEvents.taskScheduled(at, 0, 'createSnapshot', '{"name":"pvc-1"}'),
      historyEvents.timerCreated(at, 1, fireAt),
      historyEvents.timerFired(fireAt, 1, fireAt),
      historyEvents.executionCompleted(fireAt, 'Completed', '[]'),
    ];
    const loaded = loadHistory(storeHistory(history));
    expect(loaded).toEqual(history);
    expect(loaded.map((e) => e.EventType)).toEqual([
      HistoryEventType.ExecutionStarted,
      HistoryEventType.TaskScheduled,
      HistoryEventType.TimerCreated,
      HistoryEventType.TimerFired,
      HistoryEventType.ExecutionCompleted,
    ]);
    expect(loaded[3]?.FireAt).toEqual(fireAt);
  });
});
