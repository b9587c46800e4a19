/**
 * Faults the ARM simulator injects on demand: by exact rule (the next N
 * matching requests) or by rate (each matching request with a probability,
 * drawn from a seeded PRNG so a run is reproducible by its seed).
 */
import { SeededRandom } from './seededRandom';

export type FaultKind =
  /** Answer with this HTTP status and ARM error code. */
  | {
      readonly type: 'status';
      readonly status: number;
      readonly code: string;
      readonly retryAfterSeconds?: number;
    }
  /** Close the connection without answering (ECONNRESET on the client). */
  | { readonly type: 'reset' }
  /** Answer nothing for `afterMs` of real time, then close (a client timeout). */
  | { readonly type: 'timeout'; readonly afterMs: number };

export interface FaultMatch {
  readonly method?: string;
  /** Case-insensitive substring of the request path. */
  readonly pathIncludes?: string;
}

export interface FaultRule extends FaultMatch {
  readonly fault: FaultKind;
  /** Exact rule: the next `times` matching requests. */
  times?: number;
  /** Rate rule: each matching request with this probability. */
  readonly probability?: number;
}

export class FaultPlan {
  private readonly rules: FaultRule[] = [];
  private random: SeededRandom;

  constructor(seed = 1) {
    this.random = new SeededRandom(seed);
  }

  reseed(seed: number): void {
    this.random = new SeededRandom(seed);
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The fault to inject for this request, if any; exact rules first, then rates. */
  pick(method: string, path: string): FaultKind | undefined {
    const lowerPath = path.toLowerCase();
    const matches = (rule: FaultRule) =>
      (rule.method === undefined || rule.method === method) &&
      (rule.pathIncludes === undefined || lowerPath.includes(rule.pathIncludes.toLowerCase()));
    const exact = this.rules.find((rule) => rule.times !== undefined && rule.times > 0 && matches(rule));
    if (exact !== undefined) {
      exact.times = (exact.times ?? 1) - 1;
      return exact.fault;
    }
    for (const rule of this.rules) {
      if (rule.probability !== undefined && matches(rule) && this.random.chance(rule.probability))
        return rule.fault;
    }
    return undefined;
  }
}
