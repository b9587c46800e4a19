/**
 * What to do about a failed Azure call. Throttling waits for its Retry-After on
 * a durable timer; other transient failures are retried with backoff;
 * permanent ones are recorded for the disk and not retried. Works on a plain
 * description of the failure, so the domain stays free of SDK types.
 */

export interface AzureFailure {
  /** HTTP status; undefined when no response arrived (reset, timeout, refused). */
  readonly statusCode?: number;
  /** ARM error code (`ResourceNotFound`) or network error code (`ECONNRESET`). */
  readonly code?: string;
  readonly message: string;
  /** Retry-After of the response, in seconds. */
  readonly retryAfterSeconds?: number;
}

export type FailureClass =
  | { readonly kind: 'throttled'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly kind: 'transient'; readonly reason: string }
  | { readonly kind: 'permanent'; readonly reason: string };

/** Used when a 429 carries no Retry-After (ARM always sends one; this is a safety net). */
export const DEFAULT_THROTTLE_WAIT_MS = 30_000;

/** 409s that mean "busy right now" rather than "never". */
const TRANSIENT_CONFLICTS = new Set(['anotheroperationinprogress', 'operationpreempted', 'retryableerror']);

export function classifyFailure(failure: AzureFailure): FailureClass {
  const status = failure.statusCode;
  const code = failure.code ?? '';
  const reason = `${status === undefined ? '' : `${status} `}${code === '' ? '' : `${code}: `}${failure.message}`;
  const retryAfterMs =
    failure.retryAfterSeconds !== undefined && failure.retryAfterSeconds >= 0
      ? failure.retryAfterSeconds * 1000
      : undefined;
  if (status === 429)
    return { kind: 'throttled', retryAfterMs: retryAfterMs ?? DEFAULT_THROTTLE_WAIT_MS, reason };
  if (status === undefined || status === 408) return { kind: 'transient', reason };
  if (status >= 500) {
    return retryAfterMs === undefined
      ? { kind: 'transient', reason }
      : { kind: 'throttled', retryAfterMs, reason };
  }
  if (status === 409 && TRANSIENT_CONFLICTS.has(code.toLowerCase())) return { kind: 'transient', reason };
  return { kind: 'permanent', reason };
}
