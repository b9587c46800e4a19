/**
 * The clock trigger functions read "now" from. In Azure it is the system clock;
 * the in-process host sets its own (possibly virtual) clock here, so triggers,
 * durable timers and the simulator agree on the time in one process.
 * Orchestrators never use this: their time is context.df.currentUtcDateTime.
 */
import { SystemClock, type Clock } from './clock';

let current: Clock = new SystemClock();

export function processClock(): Clock {
  return current;
}

export function useProcessClock(clock: Clock): void {
  current = clock;
}
