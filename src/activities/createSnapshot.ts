/**
 * Activity: send one snapshot PUT. Thin on purpose: validate, call the adapter,
 * classify (see azureCall). Permanent failures (disk gone, name taken by
 * another source, no backup resource group, no permission) come back as a
 * failed result for the disk. It never waits on the long-running operation
 * (see snapshotStore): creations are verified in bulk.
 */
import * as df from 'durable-functions';
import { z } from 'zod';
import { computeClient } from '../azure/azureConnection';
import { azureContext } from '../azure/azureContext';
import { submitSnapshot } from '../azure/snapshotStore';
import { azureCall } from '../azure/azureCall';

export { TransientAzureError } from '../azure/azureCall';

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
  /** `remaining`: the write quota the answer reported as left, for pacing the next wave. */
  | { readonly outcome: 'submitted'; readonly remaining?: number }
  | { readonly outcome: 'throttled'; readonly retryAfterMs: number; readonly reason: string }
  | { readonly outcome: 'failed'; readonly reason: string };

export async function createSnapshot(input: unknown): Promise<CreateSnapshotResult> {
  const task = createSnapshotInput.parse(input);
  const compute = computeClient(azureContext(), task.subscriptionId, { maxRetries: 0 });
  const result = await azureCall(() =>
    submitSnapshot(compute, {
      resourceGroup: task.resourceGroup,
      name: task.name,
      location: task.location,
      sourceDiskId: task.sourceDiskId,
      incremental: task.incremental,
      tags: task.tags,
    }),
  );
  if (result.outcome !== 'ok') return result;
  return result.value === undefined
    ? { outcome: 'submitted' }
    : { outcome: 'submitted', remaining: result.value };
}

df.app.activity(CREATE_SNAPSHOT, { handler: createSnapshot });
