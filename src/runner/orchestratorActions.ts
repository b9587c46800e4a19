/**
 * Reads the actions an orchestrator episode returns (the library's
 * OrchestratorState) into our own narrow types. The list is cumulative since
 * the orchestration started; compound tasks (Task.all / Task.any) nest their
 * children, which the library numbers depth-first in array order, so we
 * flatten the same way.
 */
import { createHash } from 'node:crypto';

export interface RetryPolicy {
  readonly firstRetryIntervalInMilliseconds: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient: number;
  readonly maxRetryIntervalInMilliseconds: number;
}

export type ScheduledAction =
  | {
      readonly kind: 'activity';
      readonly name: string;
      readonly input: unknown;
      readonly retry?: RetryPolicy;
    }
  | {
      readonly kind: 'subOrchestration';
      readonly name: string;
      readonly input: unknown;
      readonly instanceId?: string;
      readonly retry?: RetryPolicy;
    }
  | { readonly kind: 'timer'; readonly fireAt: Date; readonly canceled: boolean }
  | { readonly kind: 'externalEvent'; readonly name: string };

export interface EpisodeResult {
  readonly actions: readonly ScheduledAction[];
  readonly continueAsNew?: { readonly input: unknown };
  readonly isDone: boolean;
  readonly output: unknown;
  readonly customStatus: unknown;
}

// The library's ActionType enum values.
const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  WhenAny: 11,
  WhenAll: 12,
} as const;

const actionTypeNames: Record<number, string> = {
  7: 'callEntity',
  8: 'callHttp',
  9: 'signalEntity',
  13: 'lock',
  14: 'releaseLocks',
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const str = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`Orchestrator action has no ${what}.`);
  return value;
};
const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/**
 * The library JSON-encodes string inputs in the action and passes everything
 * else raw; the host decodes the string form, so the callee receives the
 * string itself.
 */
const decodeInput = (action: Json): unknown =>
  typeof action.input === 'string' ? (JSON.parse(action.input) as unknown) : action.input;

function retryPolicyOf(action: Json): RetryPolicy {
  const options = action.retryOptions;
  if (!isObject(options)) throw new Error('Retry action has no retryOptions.');
  return {
    firstRetryIntervalInMilliseconds: num(options.firstRetryIntervalInMilliseconds, 0),
    maxNumberOfAttempts: num(options.maxNumberOfAttempts, 1),
    backoffCoefficient: num(options.backoffCoefficient, 1),
    maxRetryIntervalInMilliseconds: num(options.maxRetryIntervalInMilliseconds, 0),
  };
}

function flatten(
  action: unknown,
  into: ScheduledAction[],
  result: { continueAsNew?: { input: unknown } },
  seen: Set<object>,
): void {
  if (!isObject(action)) throw new Error('Orchestrator returned a malformed action.');
  // A task the orchestrator wraps again (Task.any over tasks it already yielded) reappears as the
  // same action object; the library gives it no new id, so neither do we.
  if (seen.has(action)) return;
  seen.add(action);
  const type = action.actionType;
  switch (type) {
    case ActionType.WhenAll:
    case ActionType.WhenAny: {
      const children = action.compoundActions;
      if (!Array.isArray(children)) throw new Error('Compound action has no children.');
      for (const child of children) flatten(child, into, result, seen);
      return;
    }
    case ActionType.CallActivity:
      into.push({
        kind: 'activity',
        name: str(action.functionName, 'functionName'),
        input: decodeInput(action),
      });
      return;
    case ActionType.CallActivityWithRetry:
      into.push({
        kind: 'activity',
        name: str(action.functionName, 'functionName'),
        input: decodeInput(action),
        retry: retryPolicyOf(action),
      });
      return;
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry: {
      const instanceId =
        typeof action.instanceId === 'string' && action.instanceId !== '' ? action.instanceId : undefined;
      into.push({
        kind: 'subOrchestration',
        name: str(action.functionName, 'functionName'),
        input: decodeInput(action),
        ...(instanceId === undefined ? {} : { instanceId }),
        ...(type === ActionType.CallSubOrchestratorWithRetry ? { retry: retryPolicyOf(action) } : {}),
      });
      return;
    }
    case ActionType.CreateTimer: {
      const fireAt = action.fireAt instanceof Date ? action.fireAt : new Date(str(action.fireAt, 'fireAt'));
      into.push({ kind: 'timer', fireAt, canceled: action.isCanceled === true });
      return;
    }
    case ActionType.WaitForExternalEvent:
      into.push({ kind: 'externalEvent', name: str(action.externalEventName, 'externalEventName') });
      return;
    case ActionType.ContinueAsNew:
      result.continueAsNew = { input: action.input };
      return;
    default:
      throw new Error(
        `The in-process runner does not support the orchestrator action ${actionTypeNames[num(type, -1)] ?? String(type)}.`,
      );
  }
}

/** Narrows the library's OrchestratorState (schema V2+: `actions` is `[cumulativeActions]`). */
export function readEpisodeResult(state: unknown): EpisodeResult {
  if (!isObject(state) || !Array.isArray(state.actions)) {
    throw new Error('The orchestrator did not return an orchestration state.');
  }
  const actions: ScheduledAction[] = [];
  const extra: { continueAsNew?: { input: unknown } } = {};
  const seen = new Set<object>();
  for (const group of state.actions) {
    if (!Array.isArray(group)) throw new Error('Orchestrator actions are not grouped as expected.');
    for (const action of group) flatten(action, actions, extra, seen);
  }
  return {
    actions,
    ...(extra.continueAsNew === undefined ? {} : { continueAsNew: extra.continueAsNew }),
    isDone: state.isDone === true,
    output: state.output,
    customStatus: state.customStatus,
  };
}

/**
 * What must stay the same on every replay: a replay that schedules something
 * else at the same position is non-deterministic. Cancellation may change.
 */
export function actionSignature(action: ScheduledAction): string {
  switch (action.kind) {
    case 'timer':
      return `timer(${action.fireAt.toISOString()})`;
    case 'externalEvent':
      return `waitForExternalEvent(${action.name})`;
    case 'activity':
    case 'subOrchestration':
      return `${action.kind}${action.retry === undefined ? '' : 'WithRetry'}(${action.name}, ${(JSON.stringify(action.input) as string | undefined) ?? 'undefined'}${action.kind === 'subOrchestration' && action.instanceId !== undefined ? `, ${action.instanceId}` : ''})`;
  }
}

/**
 * What the runner remembers of an action for the determinism check: the
 * signature itself when short, else its start and a digest of the whole — a
 * sub-orchestration's input can be megabytes, and every action is remembered
 * for the instance's life.
 */
export function actionFingerprint(action: ScheduledAction): string {
  const signature = actionSignature(action);
  if (signature.length <= 200) return signature;
  // A copy, not a slice: V8 keeps a slice of a string as a view into the whole, and remembering the view
  // would keep every megabyte signature alive (about 25 MB at 10,000 disks, measured in a heap snapshot).
  const head = Buffer.from(signature.slice(0, 160), 'utf8').toString('utf8');
  // ASCII only: one non-Latin-1 character would make V8 store the whole fingerprint at two bytes a character.
  return `${head}... (sha256 ${createHash('sha256').update(signature).digest('hex').slice(0, 16)})`;
}
