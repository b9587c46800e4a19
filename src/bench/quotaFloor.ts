/**
 * The fastest any system could go under the simulated quotas (design
 * "Performance model"): each bucket starts full and refills continuously, so
 * `n` operations charged to one bucket need at least (n − capacity) / rate
 * seconds. A run is bounded by its slowest bucket: ARM writes (or deletes) per
 * subscription, Compute's two windows per subscription × region.
 */
import type { BucketLimit } from '../emulator/quota/tokenBucket';
import { azureQuotas, type ComputePolicy } from '../emulator/quota/quotaModel';

const bucketSeconds = (n: number, limit: BucketLimit): number =>
  Math.max(0, (n - limit.capacity) / (limit.capacity / (limit.windowMs / 1000)));

export function floorSeconds(
  perSubscription: readonly number[],
  perSubscriptionRegion: readonly number[],
  operation: 'writes' | 'deletes',
): number {
  const quotas = azureQuotas();
  const arm = quotas.arm[operation];
  const policy: ComputePolicy = operation === 'writes' ? 'HighCostSnapshotCreateHydrate' : 'DeleteDisks';
  const armFloor = arm === undefined ? 0 : Math.max(0, ...perSubscription.map((n) => bucketSeconds(n, arm)));
  const computeFloor = Math.max(
    0,
    ...perSubscriptionRegion.flatMap((n) =>
      quotas.compute[policy].map(({ limit }) => bucketSeconds(n, limit)),
    ),
  );
  return Math.max(armFloor, computeFloor);
}
