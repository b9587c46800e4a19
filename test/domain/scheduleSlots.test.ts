import {
  instanceIdOf,
  localTimeToUtc,
  manualSlot,
  partitionKeyOf,
  recentSlots,
  slotsBetween,
  snapshotTimeLabel,
  type Slot,
} from '../../src/domain/scheduleSlots';
import { resolveTimeZone } from '../../src/domain/timeZone';

const at = (iso: string) => new Date(iso);
const slot = (utc: string, timeZone: string): Slot => ({
  kind: 'backup',
  utc: at(utc),
  scheduled: '00:00',
  timeZone,
});

describe('localTimeToUtc', () => {
  it.each([
    ['an ordinary winter day in Berlin', 'Europe/Berlin', '2026-11-25', '00:00', '2026-11-24T23:00:00.000Z'],
    ['an ordinary summer day in Berlin', 'Europe/Berlin', '2026-07-01', '00:00', '2026-06-30T22:00:00.000Z'],
    [
      'Berlin spring forward: 02:30 does not exist → 03:00 CEST',
      'Europe/Berlin',
      '2026-03-29',
      '02:30',
      '2026-03-29T01:00:00.000Z',
    ],
    [
      'Berlin spring forward: 02:00 does not exist → 03:00 CEST',
      'Europe/Berlin',
      '2026-03-29',
      '02:00',
      '2026-03-29T01:00:00.000Z',
    ],
    [
      'Berlin spring forward: 03:00 exists',
      'Europe/Berlin',
      '2026-03-29',
      '03:00',
      '2026-03-29T01:00:00.000Z',
    ],
    [
      'Berlin fall back: 02:30 twice → the first (CEST)',
      'Europe/Berlin',
      '2026-10-25',
      '02:30',
      '2026-10-25T00:30:00.000Z',
    ],
    ['Berlin fall back: 01:59 once', 'Europe/Berlin', '2026-10-25', '01:59', '2026-10-24T23:59:00.000Z'],
    [
      'New York spring forward: 02:30 → 03:00 EDT',
      'America/New_York',
      '2026-03-08',
      '02:30',
      '2026-03-08T07:00:00.000Z',
    ],
    [
      'New York fall back: 01:30 twice → the first (EDT)',
      'America/New_York',
      '2026-11-01',
      '01:30',
      '2026-11-01T05:30:00.000Z',
    ],
    ['New York midnight', 'America/New_York', '2026-11-25', '00:00', '2026-11-25T05:00:00.000Z'],
    ['UTC', 'UTC', '2026-11-25', '02:00', '2026-11-25T02:00:00.000Z'],
  ])('%s', (_case, zone, date, time, expected) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    expect(localTimeToUtc({ year, month, day }, { hour, minute }, zone).toISOString()).toBe(expected);
  });
});

describe('snapshotTimeLabel', () => {
  it.each([
    ['2026-11-24T23:00:00Z', 'Europe/Berlin', '2026-11-25T12-00AM'],
    ['2026-11-25T11:00:00Z', 'Europe/Berlin', '2026-11-25T12-00PM'],
    ['2026-11-25T11:30:00Z', 'Europe/Berlin', '2026-11-25T12-30PM'],
    ['2026-11-25T12:05:00Z', 'Europe/Berlin', '2026-11-25T01-05PM'],
    ['2026-11-25T22:59:00Z', 'Europe/Berlin', '2026-11-25T11-59PM'],
    ['2026-03-29T01:00:00Z', 'Europe/Berlin', '2026-03-29T03-00AM'],
    ['2026-11-25T05:00:00Z', 'America/New_York', '2026-11-25T12-00AM'],
  ])('%s in %s → %s', (utc, zone, label) => {
    expect(snapshotTimeLabel(slot(utc, zone))).toBe(label);
  });
});

describe('slot identity', () => {
  it('names the instance from the UTC instant', () => {
    expect(instanceIdOf(slot('2026-11-24T23:00:00Z', 'Europe/Berlin'))).toBe('backup-20261124T2300Z');
    expect(instanceIdOf({ ...slot('2026-11-25T01:00:00Z', 'UTC'), kind: 'cleanup' })).toBe(
      'cleanup-20261125T0100Z',
    );
  });

  it('writes the catalog partition as the local date without padding', () => {
    expect(partitionKeyOf(slot('2026-03-08T23:00:00Z', 'Europe/Berlin'))).toBe('2026-3-9');
    expect(partitionKeyOf(slot('2026-11-24T23:00:00Z', 'Europe/Berlin'))).toBe('2026-11-25');
    expect(partitionKeyOf(slot('2026-11-24T23:00:00Z', 'UTC'))).toBe('2026-11-24');
  });

  it('truncates a manual run to the minute', () => {
    expect(manualSlot(at('2026-11-25T09:41:59.999Z'), 'Europe/Berlin', 'backup')).toEqual({
      kind: 'backup',
      utc: at('2026-11-25T09:41:00.000Z'),
      scheduled: '10:41',
      timeZone: 'Europe/Berlin',
    });
  });
});

describe('slotsBetween and recentSlots', () => {
  const twiceADay = [
    { hour: 0, minute: 0 },
    { hour: 12, minute: 0 },
  ];

  it('lists the slots in a range, earliest first', () => {
    expect(
      slotsBetween(
        at('2026-11-24T00:00:00Z'),
        at('2026-11-25T12:00:00Z'),
        twiceADay,
        'Europe/Berlin',
        'backup',
      ).map((s) => s.utc.toISOString()),
    ).toEqual(['2026-11-24T11:00:00.000Z', '2026-11-24T23:00:00.000Z', '2026-11-25T11:00:00.000Z']);
  });

  it('makes the latest slot of the last 24 hours due and reports the older ones', () => {
    const { latest, older } = recentSlots(at('2026-11-25T11:00:00Z'), twiceADay, 'Europe/Berlin', 'backup');
    expect(latest?.utc.toISOString()).toBe('2026-11-25T11:00:00.000Z');
    // 2026-11-24T11:00Z is exactly 24 hours back: outside the window.
    expect(older.map((s) => s.utc.toISOString())).toEqual(['2026-11-24T23:00:00.000Z']);
  });

  it('still finds yesterday’s slot after a missed day', () => {
    const { latest } = recentSlots(
      at('2026-11-27T22:00:00Z'),
      [{ hour: 0, minute: 0 }],
      'Europe/Berlin',
      'backup',
    );
    expect(latest?.utc.toISOString()).toBe('2026-11-26T23:00:00.000Z');
  });

  it('has one slot on a spring-forward day for a time inside the gap', () => {
    const slots = slotsBetween(
      at('2026-03-28T12:00:00Z'),
      at('2026-03-29T12:00:00Z'),
      [{ hour: 2, minute: 30 }],
      'Europe/Berlin',
      'backup',
    );
    expect(slots.map((s) => s.utc.toISOString())).toEqual(['2026-03-29T01:00:00.000Z']);
  });

  it('has one slot, not two, on a fall-back day for a repeated time', () => {
    const slots = slotsBetween(
      at('2026-10-24T12:00:00Z'),
      at('2026-10-25T12:00:00Z'),
      [{ hour: 2, minute: 30 }],
      'Europe/Berlin',
      'backup',
    );
    expect(slots.map((s) => s.utc.toISOString())).toEqual(['2026-10-25T00:30:00.000Z']);
  });
});

describe('resolveTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['w. europe standard time', 'Europe/Berlin'],
    ['Eastern Standard Time', 'America/New_York'],
    ['GMT Standard Time', 'Europe/London'],
    ['Mars/Olympus', undefined],
    ['Nowhere Standard Time', undefined],
    ['', undefined],
  ])('%j → %j', (name, expected) => {
    expect(resolveTimeZone(name)).toBe(expected);
  });
});
