/**
 * A token bucket on an injected clock: `capacity` tokens, refilled
 * continuously at `capacity` per `windowMs`. Azure's ARM limits are buckets of
 * this kind (200 writes refilling 10/s); Compute's "1,000 per 3 minutes" policies
 * are modelled the same way, which is the continuous-refill reading of them.
 */
import type { Clock } from '../../runtime/clock';

export interface BucketLimit {
  readonly capacity: number;
  readonly windowMs: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly limit: BucketLimit,
    private readonly clock: Clock,
  ) {
    this.tokens = limit.capacity;
    this.updatedAt = clock.now().getTime();
  }

  /** Tokens left now (whole tokens, as the remaining-quota headers report them). */
  remaining(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  /** Milliseconds until one token is available; 0 when one is available now. */
  waitMs(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * this.limit.windowMs) / this.limit.capacity);
  }

  take(): void {
    this.refill();
    this.tokens -= 1;
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(
      this.limit.capacity,
      this.tokens + (elapsed * this.limit.capacity) / this.limit.windowMs,
    );
    this.updatedAt = now;
  }
}
