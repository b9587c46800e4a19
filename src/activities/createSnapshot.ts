/**
 * Activity: send one snapshot PUT. Thin on purpose: validate, call the adapter,
 * classify. Permanent failures (disk gone, name taken by another source, no
 * backup resource group, no permission) come back as a failed result for the
 * disk; throttling comes back with its Retry-After so the orchestrator waits on
 * a durable timer; other transient failures are thrown for the orchestrator's
 * retry policy. It never waits on the long-running operation (see snapshotStore).
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { computeClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { toAzureFailure } from '../azure/azureFailure';
import { submitSnapshot } from '../azure/snapshotStore';
import { classifyFailure } from '../domain/errorClassification';

export const CREATE_SNAPSHOT = 'createSnapshot';

export const createSnapshotInput = z.object({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location: z.string().min(1),
  sourceDiskId: z.string().min(1),
  incremental: z.boolean(),
  tags: z.record(z.string(), z.string()),
});
export type CreateSnapshotInput = z.infer<typeof createSnapshotInput>;

export type CreateSnapshotResult =
  | { readonly outcome: 'submitted' }
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly outcome: 'failed'; readonly reason: string };

export class TransientAzureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientAzureError';
  }
}

export async function createSnapshot(input: unknown): Promise<CreateSnapshotResult> {
  const task = createSnapshotInput.parse(input);
  const compute = computeClient(azureContext(), task.subscriptionId, { maxRetries: 0 });
  try {
    await submitSnapshot(compute, {
      resourceGroup: task.resourceGroup,
      name: task.name,
      location: task.location,
      sourceDiskId: task.sourceDiskId,
      incremental: task.incremental,
      tags: task.tags,
    });
    return { outcome: 'submitted' };
  } catch (error) {
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

df.app.activity(CREATE_SNAPSHOT, { handler: createSnapshot });
