/**
 * Orchestration history events in the shape the Durable host hands to the
 * durable-functions library (PascalCase fields, numeric EventType). The library
 * matches completions to tasks only by TaskScheduledId / TimerId, so those ids
 * are what matters; the scheduling events are kept for the status API and for
 * fidelity.
 */
export enum HistoryEventType {
  ExecutionStarted = 0,
  ExecutionCompleted = 1,
  ExecutionTerminated = 3,
  TaskScheduled = 4,
  TaskCompleted = 5,
  TaskFailed = 6,
  SubOrchestrationInstanceCreated = 7,
  SubOrchestrationInstanceCompleted = 8,
  SubOrchestrationInstanceFailed = 9,
  TimerCreated = 10,
  TimerFired = 11,
  OrchestratorStarted = 12,
  OrchestratorCompleted = 13,
  EventRaised = 15,
  ContinueAsNew = 16,
}

export interface HistoryEvent {
  readonly EventType: HistoryEventType;
  readonly EventId: number;
  IsPlayed: boolean;
  readonly Timestamp: Date;
  readonly [field: string]: unknown;
}

/** Events that complete a task the orchestrator waits on; they arrive in an instance's inbox. */
export type CompletionEvent = HistoryEvent & {
  readonly EventType:
    | HistoryEventType.TaskCompleted
    | HistoryEventType.TaskFailed
    | HistoryEventType.SubOrchestrationInstanceCompleted
    | HistoryEventType.SubOrchestrationInstanceFailed
    | HistoryEventType.TimerFired
    | HistoryEventType.EventRaised;
};

const event = (
  type: HistoryEventType,
  timestamp: Date,
  fields: Record<string, unknown> = {},
  eventId = -1,
) => ({
  EventType: type,
  EventId: eventId,
  IsPlayed: false,
  Timestamp: timestamp,
  ...fields,
});

/** `undefined` has no JSON form; the host stores an absent value as JSON null. */
export function toJson(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

export const historyEvents = {
  orchestratorStarted: (at: Date): HistoryEvent => event(HistoryEventType.OrchestratorStarted, at),
  orchestratorCompleted: (at: Date): HistoryEvent => event(HistoryEventType.OrchestratorCompleted, at),
  // Inputs arrive as JSON made once (toJson) and shared by every event that carries them, as one
  // stored copy: a subscription's input is megabytes, and it is in both the parent's and the child's history.
  executionStarted: (at: Date, name: string, inputJson: string, parentInstanceId?: string): HistoryEvent =>
    event(HistoryEventType.ExecutionStarted, at, {
      Name: name,
      Input: inputJson,
      ...(parentInstanceId === undefined
        ? {}
        : { ParentInstance: { OrchestrationInstance: { InstanceId: parentInstanceId } } }),
    }),
  taskScheduled: (at: Date, id: number, name: string, inputJson: string): HistoryEvent =>
    event(HistoryEventType.TaskScheduled, at, { Name: name, Input: inputJson }, id),
  // Results and outputs, like inputs, arrive as JSON made once: an orchestration's output is in both its own
  // ExecutionCompleted and its parent's SubOrchestrationInstanceCompleted.
  taskCompleted: (at: Date, id: number, resultJson: string): CompletionEvent =>
    event(HistoryEventType.TaskCompleted, at, {
      TaskScheduledId: id,
      Result: resultJson,
    }) as CompletionEvent,
  taskFailed: (at: Date, id: number, reason: string, details: string): CompletionEvent =>
    event(HistoryEventType.TaskFailed, at, {
      TaskScheduledId: id,
      Reason: reason,
      Details: details,
    }) as CompletionEvent,
  subOrchestrationCreated: (
    at: Date,
    id: number,
    name: string,
    instanceId: string,
    inputJson: string,
  ): HistoryEvent =>
    event(
      HistoryEventType.SubOrchestrationInstanceCreated,
      at,
      { Name: name, InstanceId: instanceId, Input: inputJson },
      id,
    ),
  subOrchestrationCompleted: (at: Date, id: number, outputJson: string): CompletionEvent =>
    event(HistoryEventType.SubOrchestrationInstanceCompleted, at, {
      TaskScheduledId: id,
      Result: outputJson,
    }) as CompletionEvent,
  subOrchestrationFailed: (at: Date, id: number, reason: string, details: string): CompletionEvent =>
    event(HistoryEventType.SubOrchestrationInstanceFailed, at, {
      TaskScheduledId: id,
      Reason: reason,
      Details: details,
    }) as CompletionEvent,
  timerCreated: (at: Date, id: number, fireAt: Date): HistoryEvent =>
    event(HistoryEventType.TimerCreated, at, { FireAt: fireAt }, id),
  timerFired: (at: Date, id: number, fireAt: Date): CompletionEvent =>
    event(HistoryEventType.TimerFired, at, { TimerId: id, FireAt: fireAt }) as CompletionEvent,
  eventRaised: (at: Date, name: string, input: unknown): CompletionEvent =>
    event(HistoryEventType.EventRaised, at, { Name: name, Input: toJson(input) }) as CompletionEvent,
  executionCompleted: (at: Date, status: string, outputJson: string): HistoryEvent =>
    event(HistoryEventType.ExecutionCompleted, at, { OrchestrationStatus: status, Result: outputJson }),
};
