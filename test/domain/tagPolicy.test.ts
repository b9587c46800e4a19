import { onboardingOf, retentionOf, tagValue } from '../../src/domain/tagPolicy';

const retention = (value: string | undefined, snapshotsPerDay = 1, incremental = true) =>
  retentionOf(value === undefined ? {} : { retentionTime: value }, {
    defaultDays: 3,
    snapshotsPerDay,
    incremental,
  });

describe('onboardingOf', () => {
  it.each([
    [{ aksSnapshotBackupEnabled: 'true' }, { onboarded: true }],
    [{ aksSnapshotBackupEnabled: 'True' }, { onboarded: true }],
    [{ aksSnapshotBackupEnabled: 'TRUE' }, { onboarded: true }],
    [{ aksSnapshotBackupEnabled: ' true\t' }, { onboarded: true }],
    [{ AKSSNAPSHOTBACKUPENABLED: 'true' }, { onboarded: true }],
    [{ akssnapshotbackupenabled: 'true' }, { onboarded: true }],
    [{}, { onboarded: false, reason: 'absent' }],
    [{ other: 'true' }, { onboarded: false, reason: 'absent' }],
    [{ aksSnapshotBackupEnabled: 'yes' }, { onboarded: false, reason: 'not-understood', value: 'yes' }],
    [{ aksSnapshotBackupEnabled: '1' }, { onboarded: false, reason: 'not-understood', value: '1' }],
    [
      { aksSnapshotBackupEnabled: 'enabled' },
      { onboarded: false, reason: 'not-understood', value: 'enabled' },
    ],
    [{ aksSnapshotBackupEnabled: '' }, { onboarded: false, reason: 'not-understood', value: '' }],
    [{ aksSnapshotBackupEnabled: 'false' }, { onboarded: false, reason: 'disabled' }],
    [{ aksSnapshotBackupEnabled: 'FALSE ' }, { onboarded: false, reason: 'disabled' }],
    [{ aksSnapshotBackupEnabled: 'ture' }, { onboarded: false, reason: 'not-understood', value: 'ture' }],
    [{ aksSnapshotBackupEnabled: 'true!' }, { onboarded: false, reason: 'not-understood', value: 'true!' }],
  ])('%j → %j', (tags, expected) => {
    expect(onboardingOf(tags)).toEqual(expected);
  });
});

describe('retentionOf', () => {
  it.each([
    [undefined, 3],
    ['7', 7],
    ['1', 1],
    ['007', 7],
    [' 14 ', 14],
    ['500', 500],
  ])('retentionTime %j keeps %i days without a warning', (value, days) => {
    expect(retention(value)).toEqual({ days });
  });

  it.each([
    'abc',
    '-1',
    '7d',
    '0',
    '1.5',
    '+7',
    '1e1',
    '٣',
    '７',
    '3651',
    '',
    '7 days',
    '0x10',
    '99999999999999999999',
  ])('retentionTime %j falls back to the default with a warning naming it', (value) => {
    const result = retention(value);
    expect(result.days).toBe(3);
    expect(result.warning).toBe(
      `retentionTime "${value.trim()}" is not a whole number of days from 1 to 3650 (ASCII digits only); the default of 3 days was used.`,
    );
  });

  it('keeps a valid retention that exceeds 500 incremental snapshots, with a warning', () => {
    expect(retention('365', 2)).toEqual({
      days: 365,
      warning:
        'retentionTime "365" keeps about 730 snapshots at 2 a day, more than Azure\'s 500 incremental snapshots per disk; new snapshots will fail once the disk has 500.',
    });
    expect(retention('250', 2)).toEqual({ days: 250 });
    expect(retention('365', 2, false)).toEqual({ days: 365 });
  });

  it('reads the tag name in any case', () => {
    expect(
      retentionOf({ RETENTIONTIME: '9' }, { defaultDays: 3, snapshotsPerDay: 1, incremental: true }),
    ).toEqual({ days: 9 });
    expect(tagValue({ RetentionTime: ' 5 ' }, 'retentionTime')).toBe('5');
  });
});
