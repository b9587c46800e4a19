/**
 * Activity: send the DELETE of one expired snapshot without waiting for it.
 * The caller has just re-checked the live snapshot (marker, backup resource
 * group, expiry: see recheckBeforeDelete) for its whole chunk in one query, so
 * no GET per snapshot is spent here. A lock or a 409 is a recorded, non-fatal outcome;
 * a 404 means gone, which is what allows the catalog row to be removed.
 */
import { isRestError } from '@azure/core-rest-pipeline';
import * as df from 'durable-functions';
import { z } from 'zod';
import { azureCall } from '../azure/azureCall';
import { computeClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { getSnapshot, submitSnapshotDelete } from '../azure/snapshotStore';

export const DELETE_EXPIRED_SNAPSHOT = 'deleteExpiredSnapshot';
export const CONFIRM_SNAPSHOT_GONE = 'confirmSnapshotGone';

const input = z.object({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
});
export type DeleteExpiredSnapshotInput = z.infer<typeof input>;

export type DeleteResult =
  | { readonly outcome: 'gone'; readonly remaining?: number }
  | { readonly outcome: 'deleting'; readonly remaining?: number }
  | { readonly outcome: 'skipped'; readonly reason: string }
  | { readonly outcome: 'blocked'; readonly reason: string }
  | { readonly outcome: 'failed'; readonly reason: string }
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number; readonly reason: string };

const isNotFound = (error: unknown) => isRestError(error) && error.statusCode === 404;

export async function deleteExpiredSnapshot(raw: unknown): Promise<DeleteResult> {
  const task = input.parse(raw);
  const compute = computeClient(azureContext(), task.subscriptionId, { maxRetries: 0 });
  const result = await azureCall(async (): Promise<DeleteResult> => {
    let answer: { gone: boolean; remaining?: number };
    try {
      answer = await submitSnapshotDelete(compute, task.resourceGroup, task.name);
    } catch (error) {
      if (isNotFound(error)) return { outcome: 'gone' };
      if (isRestError(error) && error.statusCode === 409) {
        return { outcome: 'blocked', reason: `409 ${error.code ?? ''}: ${error.message}`.trim() };
      }
      throw error;
    }
    // Accepted deletes are confirmed in bulk by the caller (one list per round), not by a GET each.
    const quota = answer.remaining === undefined ? {} : { remaining: answer.remaining };
    return answer.gone ? { outcome: 'gone', ...quota } : { outcome: 'deleting', ...quota };
  });
  return result.outcome === 'ok' ? result.value : result;
}

async function snapshotIsGone(
  compute: ReturnType<typeof computeClient>,
  resourceGroup: string,
  name: string,
): Promise<boolean> {
  try {
    await getSnapshot(compute, resourceGroup, name);
    return false;
  } catch (error) {
    if (isNotFound(error)) return true;
    throw error;
  }
}

const confirmInput = z.object({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
});

/** Activity: whether a snapshot whose delete was accepted is gone yet (404 = gone). */
export async function confirmSnapshotGone(raw: unknown): Promise<DeleteResult> {
  const task = confirmInput.parse(raw);
  const compute = computeClient(azureContext(), task.subscriptionId, { maxRetries: 0 });
  const result = await azureCall(async (): Promise<DeleteResult> =>
    (await snapshotIsGone(compute, task.resourceGroup, task.name))
      ? { outcome: 'gone' }
      : { outcome: 'deleting' },
  );
  return result.outcome === 'ok' ? result.value : result;
}

df.app.activity(DELETE_EXPIRED_SNAPSHOT, { handler: deleteExpiredSnapshot });
df.app.activity(CONFIRM_SNAPSHOT_GONE, { handler: confirmSnapshotGone });
