/** Durable timers waiting to fire, earliest first. */
export interface PendingTimer {
  readonly instanceId: string;
  readonly generation: number;
  readonly timerId: number;
  readonly fireAt: Date;
  readonly onFire: () => void;
}

export class TimerQueue {
  private timers: PendingTimer[] = [];

  get size(): number {
    return this.timers.length;
  }

  add(timer: PendingTimer): void {
    // Insert after every timer due at or before it: equal instants keep arrival order.
    const at = this.timers.findIndex((t) => t.fireAt.getTime() > timer.fireAt.getTime());
    this.timers.splice(at < 0 ? this.timers.length : at, 0, timer);
  }

  earliest(): PendingTimer | undefined {
    return this.timers[0];
  }

  /** Removes and returns every timer due at `now`. */
  takeDue(now: Date): PendingTimer[] {
    const firstLater = this.timers.findIndex((t) => t.fireAt.getTime() > now.getTime());
    return this.timers.splice(0, firstLater < 0 ? this.timers.length : firstLater);
  }

  remove(predicate: (timer: PendingTimer) => boolean): void {
    this.timers = this.timers.filter((timer) => !predicate(timer));
  }
}
