/** Turns whatever an SDK call threw into the plain AzureFailure the domain classifies. */
import { isRestError } from '@azure/core-rest-pipeline';
import type { AzureFailure } from '../domain/errorClassification';

export function toAzureFailure(error: unknown): AzureFailure {
  if (isRestError(error)) {
    const retryAfter = error.response?.headers.get('retry-after');
    const seconds = retryAfter === undefined ? NaN : Number(retryAfter);
    return {
      ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
      ...(error.code === undefined ? {} : { code: error.code }),
      message: error.message,
      ...(Number.isFinite(seconds) ? { retryAfterSeconds: seconds } : {}),
    };
  }
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { ...(typeof code === 'string' ? { code } : {}), message: error.message };
  }
  return { message: String(error) };
}
