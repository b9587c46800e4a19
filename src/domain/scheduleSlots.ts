/**
 * Schedule slots: the local times of day in BACKUP_TIMES / CLEANUP_TIMES, in
 * the configured time zone, turned into UTC instants. The timer ticks in UTC
 * (Flex Consumption has no WEBSITE_TIME_ZONE), so this decides which slot is
 * due. A local time that does not exist (spring forward) means the first
 * instant after the gap; one that occurs twice (fall back) means its first
 * occurrence. Pure: `now` is always a parameter.
 */
import { DateTime } from 'luxon';
import type { LocalTimeOfDay } from '../settings/settingKinds';

export type SlotKind = 'backup' | 'cleanup' | 'reconcile';

export interface Slot {
  readonly kind: SlotKind;
  /** The instant the slot stands for. */
  readonly utc: Date;
  /** The configured local time, `HH:MM`. */
  readonly scheduled: string;
  readonly timeZone: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const offsetMinutesAt = (utcMs: number, zone: string): number => DateTime.fromMillis(utcMs, { zone }).offset;

const localFields = (utcMs: number, zone: string) => {
  const local = DateTime.fromMillis(utcMs, { zone });
  return [local.year, local.month, local.day, local.hour, local.minute].join('-');
};

/** The UTC instant of a local date and time in `zone`, with the gap and repeat rules above. */
export function localTimeToUtc(
  date: { readonly year: number; readonly month: number; readonly day: number },
  time: LocalTimeOfDay,
  zone: string,
): Date {
  const nominal = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  const wanted = [date.year, date.month, date.day, time.hour, time.minute].join('-');
  // The offsets in force around that wall time; at most two differ across a transition.
  const offsets = [
    ...new Set([offsetMinutesAt(nominal - 14 * HOUR, zone), offsetMinutesAt(nominal + 14 * HOUR, zone)]),
  ];
  const candidates = offsets
    .map((offset) => nominal - offset * MINUTE)
    .filter((candidate) => localFields(candidate, zone) === wanted)
    .sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return new Date(first);
  // In a gap: find the transition, the first instant whose offset is the one after the gap.
  let low = nominal - Math.max(...offsets) * MINUTE;
  let high = nominal - Math.min(...offsets) * MINUTE;
  const after = offsetMinutesAt(high, zone);
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (offsetMinutesAt(mid, zone) === after) high = mid;
    else low = mid;
  }
  return new Date(high);
}

const formatTime = (time: LocalTimeOfDay): string =>
  `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;

/** Every slot whose instant lies in (from, to], earliest first. */
export function slotsBetween(
  from: Date,
  to: Date,
  times: readonly LocalTimeOfDay[],
  zone: string,
  kind: SlotKind,
): Slot[] {
  const slots: Slot[] = [];
  let day = DateTime.fromMillis(from.getTime() - DAY, { zone }).startOf('day');
  const last = DateTime.fromMillis(to.getTime() + DAY, { zone }).startOf('day');
  while (day <= last) {
    for (const time of times) {
      const utc = localTimeToUtc({ year: day.year, month: day.month, day: day.day }, time, zone);
      if (utc > from && utc <= to) slots.push({ kind, utc, scheduled: formatTime(time), timeZone: zone });
    }
    day = day.plus({ days: 1 });
  }
  return slots.sort((a, b) => a.utc.getTime() - b.utc.getTime());
}

/** How far back a tick looks for a slot it has not run. */
export const CATCH_UP_WINDOW_MS = DAY;

/**
 * The slots of the catch-up window (the last 24 hours up to `now`): the latest
 * is the one a tick starts if it has not run; older ones are not backfilled.
 */
export function recentSlots(
  now: Date,
  times: readonly LocalTimeOfDay[],
  zone: string,
  kind: SlotKind,
): { readonly latest: Slot | undefined; readonly older: readonly Slot[] } {
  const slots = slotsBetween(new Date(now.getTime() - CATCH_UP_WINDOW_MS), now, times, zone, kind);
  return { latest: slots[slots.length - 1], older: slots.slice(0, -1) };
}

/** A manual run without a slot: now, truncated to the minute. */
export function manualSlot(now: Date, zone: string, kind: SlotKind): Slot {
  const utc = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE);
  const local = DateTime.fromMillis(utc.getTime(), { zone });
  return { kind, utc, scheduled: local.toFormat('HH:mm'), timeZone: zone };
}

/** `backup-20261124T2300Z`: from the UTC instant, so a slot has one instance whatever the time zone. */
export function instanceIdOf(slot: Slot): string {
  return `${slot.kind}-${DateTime.fromMillis(slot.utc.getTime(), { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmm'Z'")}`;
}

/** `%Y-%m-%dT%I-%M%p` at the slot's local time, e.g. `2026-11-25T12-00AM`: the time part of snapshot names. */
export function snapshotTimeLabel(slot: Slot): string {
  return DateTime.fromMillis(slot.utc.getTime(), { zone: slot.timeZone }).toFormat("yyyy-MM-dd'T'hh-mma", {
    locale: 'en-US',
  });
}

/** The catalog's PartitionKey, the slot's local date as the original wrote it: `2026-3-9`. */
export function partitionKeyOf(slot: Slot): string {
  return DateTime.fromMillis(slot.utc.getTime(), { zone: slot.timeZone }).toFormat('yyyy-M-d');
}
