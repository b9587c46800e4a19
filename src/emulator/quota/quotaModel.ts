/**
 * Azure's throttling as the simulator applies it (figures from Azure's
 * documentation and observed x-ms-ratelimit headers, November 2026):
 * - ARM: per subscription × principal, reads 250 refilling 25/s, writes 200
 *   refilling 10/s, deletes 200 refilling 10/s.
 * - Compute: per subscription × resource region, named policies with two
 *   windows each: snapshot creates (HighCostSnapshotCreateHydrate) 1,000 / 3 min
 *   and 8,000 / 30 min, deletes (DeleteDisks) 3,000 / 24,000, operation polls
 *   (GetOperation) 50,000 / 400,000, reads (LowCostGet) 15,000 / 120,000.
 * - Resource Graph: 15 queries per 5 s per user.
 * A request must find a token in every bucket it is charged to; it is refused
 * with 429 and the longest wait as Retry-After otherwise, and then charges
 * nothing. Every limit is configurable; `unlimitedQuotas()` switches them off.
 */
import type { Clock } from '../../runtime/clock';
import { TokenBucket, type BucketLimit } from './tokenBucket';

export type ArmOperation = 'reads' | 'writes' | 'deletes';
export type ComputePolicy = 'HighCostSnapshotCreateHydrate' | 'DeleteDisks' | 'GetOperation' | 'LowCostGet';

export interface QuotaLimits {
  readonly arm: Readonly<Record<ArmOperation, BucketLimit | undefined>>;
  /** Each policy has a short and a long window, named as in x-ms-ratelimit-remaining-resource. */
  readonly compute: Readonly<
    Record<ComputePolicy, readonly { readonly suffix: string; readonly limit: BucketLimit }[]>
  >;
  readonly resourceGraph: BucketLimit | undefined;
}

const MIN = 60_000;
const window = (capacity: number, minutes: number) => ({ capacity, windowMs: minutes * MIN });

export function azureQuotas(): QuotaLimits {
  return {
    arm: {
      reads: { capacity: 250, windowMs: 10_000 },
      writes: { capacity: 200, windowMs: 20_000 },
      deletes: { capacity: 200, windowMs: 20_000 },
    },
    compute: {
      HighCostSnapshotCreateHydrate: [
        { suffix: '3Min', limit: window(1_000, 3) },
        { suffix: '30Min', limit: window(8_000, 30) },
      ],
      DeleteDisks: [
        { suffix: '3Min', limit: window(3_000, 3) },
        { suffix: '30Min', limit: window(24_000, 30) },
      ],
      GetOperation: [
        { suffix: '3Min', limit: window(50_000, 3) },
        { suffix: '30Min', limit: window(400_000, 30) },
      ],
      LowCostGet: [
        { suffix: '3Min', limit: window(15_000, 3) },
        { suffix: '30Min', limit: window(120_000, 30) },
      ],
    },
    resourceGraph: { capacity: 15, windowMs: 5_000 },
  };
}

export function unlimitedQuotas(): QuotaLimits {
  return {
    arm: { reads: undefined, writes: undefined, deletes: undefined },
    compute: { HighCostSnapshotCreateHydrate: [], DeleteDisks: [], GetOperation: [], LowCostGet: [] },
    resourceGraph: undefined,
  };
}

export interface Charge {
  readonly arm?: {
    readonly operation: ArmOperation;
    readonly subscriptionId: string;
    readonly principal: string;
  };
  readonly compute?: {
    readonly policy: ComputePolicy;
    readonly subscriptionId: string;
    readonly region: string;
  };
  readonly resourceGraph?: { readonly principal: string };
}

export type QuotaDecision =
  | { readonly allowed: true; readonly headers: Record<string, string>; readonly policies: readonly string[] }
  | {
      readonly allowed: false;
      readonly retryAfterMs: number;
      readonly headers: Record<string, string>;
      readonly policy: string;
    };

const ARM_HEADER: Record<ArmOperation, string> = {
  reads: 'x-ms-ratelimit-remaining-subscription-reads',
  writes: 'x-ms-ratelimit-remaining-subscription-writes',
  deletes: 'x-ms-ratelimit-remaining-subscription-deletes',
};

export class QuotaModel {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: QuotaLimits,
    private readonly clock: Clock,
  ) {}

  /** Checks every bucket of the charge; takes a token from each only when all have one. */
  charge(charge: Charge): QuotaDecision {
    const involved: { key: string; bucket: TokenBucket; header: [string, (remaining: number) => string] }[] =
      [];
    if (charge.arm !== undefined) {
      const limit = this.limits.arm[charge.arm.operation];
      if (limit !== undefined) {
        const key = `arm/${charge.arm.operation}/${charge.arm.subscriptionId.toLowerCase()}/${charge.arm.principal}`;
        involved.push({
          key,
          bucket: this.bucket(key, limit),
          header: [ARM_HEADER[charge.arm.operation], String],
        });
      }
    }
    if (charge.compute !== undefined) {
      for (const { suffix, limit } of this.limits.compute[charge.compute.policy]) {
        const name = `Microsoft.Compute/${charge.compute.policy}${suffix}`;
        const key = `compute/${name}/${charge.compute.subscriptionId.toLowerCase()}/${charge.compute.region.toLowerCase()}`;
        involved.push({
          key: name,
          bucket: this.bucket(key, limit),
          header: ['x-ms-ratelimit-remaining-resource', (remaining) => `${name};${remaining}`],
        });
      }
    }
    if (charge.resourceGraph !== undefined && this.limits.resourceGraph !== undefined) {
      const key = `resourceGraph/${charge.resourceGraph.principal}`;
      involved.push({
        key: 'ResourceGraph',
        bucket: this.bucket(key, this.limits.resourceGraph),
        header: ['x-ms-user-quota-remaining', String],
      });
    }
    const blocked = involved
      .map((entry) => ({ entry, wait: entry.bucket.waitMs() }))
      .filter(({ wait }) => wait > 0)
      .sort((a, b) => b.wait - a.wait)[0];
    if (blocked !== undefined) {
      return {
        allowed: false,
        retryAfterMs: blocked.wait,
        headers: headersOf(involved),
        policy: blocked.entry.key.startsWith('arm/')
          ? ARM_HEADER[charge.arm?.operation ?? 'reads']
          : blocked.entry.key,
      };
    }
    for (const { bucket } of involved) bucket.take();
    return { allowed: true, headers: headersOf(involved), policies: involved.map((entry) => entry.key) };
  }

  private bucket(key: string, limit: BucketLimit): TokenBucket {
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket(limit, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}

function headersOf(
  involved: readonly { bucket: TokenBucket; header: [string, (remaining: number) => string] }[],
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { bucket, header } of involved) {
    const [name, format] = header;
    const value = format(bucket.remaining());
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
}
