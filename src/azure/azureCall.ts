/**
 * How every activity reports an Azure failure: throttling comes back with its
 * Retry-After (the orchestrator waits on a durable timer), permanent failures
 * come back as `failed` with the reason, and other transient failures are
 * thrown so the orchestrator's retry policy runs them again.
 */
import { toAzureFailure } from './azureFailure';
import { CatalogAccountError } from './catalogStore';
import { classifyFailure } from '../domain/errorClassification';

export class TransientAzureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientAzureError';
  }
}

export type AzureCallResult<T> =
  | { readonly outcome: 'ok'; readonly value: T }
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly outcome: 'failed'; readonly reason: string };

export async function azureCall<T>(call: () => Promise<T>): Promise<AzureCallResult<T>> {
  try {
    return { outcome: 'ok', value: await call() };
  } catch (error) {
    // A configuration problem (no or several catalog accounts) will not heal by retrying.
    if (error instanceof CatalogAccountError) return { outcome: 'failed', reason: error.message };
    const failure = classifyFailure(toAzureFailure(error));
    switch (failure.kind) {
      case 'throttled':
        return { outcome: 'throttled', retryAfterMs: failure.retryAfterMs, reason: failure.reason };
      case 'permanent':
        return { outcome: 'failed', reason: failure.reason };
      case 'transient':
        throw new TransientAzureError(failure.reason);
    }
  }
}
