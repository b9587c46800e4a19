import type { CompletionEvent, HistoryEvent } from './historyEvents';
import type { RetryPolicy } from './orchestratorActions';

/** The Durable status names, as the status API reports them. */
export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated';

export const TERMINAL_STATUSES: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];

/** A call that may be attempted several times; each attempt has its own task id. */
export interface RetryState {
  readonly policy: RetryPolicy;
  /** 1-based number of the attempt now scheduled or last failed. */
  attempt: number;
}

/** `inputJson`: the input as JSON, made once; every event and instance that carries it shares the string. */
export type ScheduledWork =
  | {
      readonly kind: 'activity';
      readonly name: string;
      readonly inputJson: string;
      readonly retry?: RetryState;
    }
  | {
      readonly kind: 'subOrchestration';
      readonly name: string;
      readonly inputJson: string;
      readonly childInstanceId: string;
      readonly retry?: RetryState;
    };

/**
 * An event waiting in an instance's inbox. `deliver` runs when the event is put
 * into an episode, in batch order: it is where the runner allocates the task ids
 * that the library will allocate while processing the same event (retry
 * timers and retry attempts).
 */
export interface InboxItem {
  readonly event: CompletionEvent;
  /** Allocates a task id when delivered; such items go first in a batch (see takeBatch). */
  readonly allocates: boolean;
  readonly deliver?: (episode: EpisodeScheduling) => void;
}

/** What an episode schedules, appended to the history after the replay. */
export interface EpisodeScheduling {
  readonly now: Date;
  readonly events: HistoryEvent[];
  /** Work to start once the episode's replay has succeeded. */
  readonly afterEpisode: (() => void)[];
  allocateId(): number;
}

export interface OrchestrationInstance {
  readonly instanceId: string;
  readonly name: string;
  /**
   * The input parsed, handed to every episode; undefined once the instance has
   * finished (a task hub stores JSON, and the status API parses `inputJson` then).
   */
  input: unknown;
  /** The input as stored: the JSON its ExecutionStarted event carries. */
  inputJson: string;
  runtimeStatus: RuntimeStatus;
  /** The output as stored, JSON ('null' until the instance finishes); the status API parses it. */
  outputJson: string;
  customStatus: unknown;
  readonly createdTime: Date;
  lastUpdatedTime: Date;
  readonly parent?: { readonly instanceId: string; readonly taskId: number; readonly generation: number };
  /** Increases on continue-as-new and restart; late results of an older generation are dropped. */
  generation: number;
  history: HistoryEvent[];
  inbox: InboxItem[];
  /** Next task id, mirroring the library's sequence number. */
  nextId: number;
  /** Replay signatures of every action scheduled so far, for the determinism check. */
  signatures: string[];
  /** Task id of each scheduled action, by position (undefined for actions without an id). */
  actionIds: (number | undefined)[];
  episodes: number;
}
