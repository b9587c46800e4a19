/**
 * The one clock (design: "One clock"). Domain code takes `now` from here or as
 * a parameter; the in-process runner fires durable timers on it; in one process
 * the ARM simulator shares it. A virtual clock jumps instead of sleeping, so a
 * 20-minute Retry-After costs no real time.
 */
export interface Clock {
  now(): Date;
  /**
   * Resolves once the clock reads at least `instant`. A virtual clock jumps there
   * at once; the system clock sleeps. `wake` lets a caller cut the wait short
   * (new work arrived); the clock then reads whatever time it is.
   */
  sleepUntil(instant: Date, wake?: Promise<void>): Promise<void>;
  readonly isVirtual: boolean;
}

export class SystemClock implements Clock {
  readonly isVirtual = false;

  now(): Date {
    return new Date();
  }

  async sleepUntil(instant: Date, wake?: Promise<void>): Promise<void> {
    const delay = instant.getTime() - Date.now();
    if (delay <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    const slept = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, delay);
    });
    try {
      await (wake === undefined ? slept : Promise.race([slept, wake]));
    } finally {
      clearTimeout(timer);
    }
  }
}

export class VirtualClock implements Clock {
  readonly isVirtual = true;
  private current: number;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward; never backwards, so `now()` is monotonic for everyone sharing the clock. */
  advanceTo(instant: Date): void {
    this.current = Math.max(this.current, instant.getTime());
  }

  advanceBy(milliseconds: number): void {
    this.current += Math.max(0, milliseconds);
  }

  sleepUntil(instant: Date): Promise<void> {
    this.advanceTo(instant);
    return Promise.resolve();
  }
}

/**
 * Real time sped up by `factor`, for the simulator running as its own process
 * (the CLI's emulator): an hour of quota windows passes in a minute at 60.
 */
export class ScaledClock implements Clock {
  readonly isVirtual = false;
  private readonly realStart = Date.now();

  constructor(
    private readonly start: Date,
    private readonly factor: number,
  ) {
    if (!(factor > 0)) throw new Error(`A clock speed-up must be above 0, not ${factor}.`);
  }

  now(): Date {
    return new Date(this.start.getTime() + (Date.now() - this.realStart) * this.factor);
  }

  async sleepUntil(instant: Date, wake?: Promise<void>): Promise<void> {
    const realDelay = (instant.getTime() - this.now().getTime()) / this.factor;
    if (realDelay <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    const slept = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, realDelay);
    });
    try {
      await (wake === undefined ? slept : Promise.race([slept, wake]));
    } finally {
      clearTimeout(timer);
    }
  }
}
