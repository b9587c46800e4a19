import { loadSettings, SettingsError } from '../../src/settings/loadSettings';
import { settingsRegistry } from '../../src/settings/registry';

describe('loadSettings', () => {
  it('takes every default when nothing is set', () => {
    const settings = loadSettings({});
    expect(settings.backupTimes).toEqual([{ hour: 0, minute: 0 }]);
    expect(settings.cleanupTimes).toEqual([{ hour: 2, minute: 0 }]);
    expect(settings.timeZone).toBe('UTC');
    expect(settings.defaultRetentionDays).toBe(3);
    expect(settings.subscriptionIds).toEqual([]);
    expect(settings.incrementalSnapshots).toBe(true);
    expect(settings.catalogTableName).toBe('akssnapshotbackup');
  });

  it('treats a blank value as unset, because Azure app settings can be emptied but not always removed', () => {
    expect(loadSettings({ DEFAULT_RETENTION_DAYS: '  ' }).defaultRetentionDays).toBe(3);
  });

  it('parses several local times, sorted and without duplicates', () => {
    expect(loadSettings({ BACKUP_TIMES: '12:30, 00:00,12:30' }).backupTimes).toEqual([
      { hour: 0, minute: 0 },
      { hour: 12, minute: 30 },
    ]);
  });

  it('canonicalises a time zone name', () => {
    expect(loadSettings({ SCHEDULE_TIME_ZONE: 'europe/berlin' }).timeZone).toBe('Europe/Berlin');
  });

  it('accepts a Windows time zone name and stores its IANA equivalent', () => {
    expect(loadSettings({ SCHEDULE_TIME_ZONE: 'W. Europe Standard Time' }).timeZone).toBe('Europe/Berlin');
  });

  it('lower-cases and de-duplicates subscription ids', () => {
    expect(
      loadSettings({
        SUBSCRIPTION_IDS: '00000000-0000-0000-0000-00000000000A,00000000-0000-0000-0000-00000000000a',
      }).subscriptionIds,
    ).toEqual(['00000000-0000-0000-0000-00000000000a']);
  });

  it.each([
    ['BACKUP_TIMES', '25:00', '"25:00" is not a time HH:MM', 'one or more local times HH:MM'],
    ['BACKUP_TIMES', '7:00', '"7:00" is not a time HH:MM', 'one or more local times HH:MM'],
    ['SCHEDULE_TIME_ZONE', 'Mars/Olympus', 'not a time zone', 'an IANA time zone name'],
    ['DEFAULT_RETENTION_DAYS', '7d', 'not a whole number', 'a whole number from 1 to 3650'],
    ['DEFAULT_RETENTION_DAYS', '+7', 'not a whole number', 'a whole number from 1 to 3650'],
    ['DEFAULT_RETENTION_DAYS', '0', 'outside 1..3650', 'a whole number from 1 to 3650'],
    ['DEFAULT_RETENTION_DAYS', '3651', 'outside 1..3650', 'a whole number from 1 to 3650'],
    ['INCREMENTAL_SNAPSHOTS', 'yes', 'not true or false', '`true` or `false`'],
    ['SUBSCRIPTION_IDS', 'prod', '"prod" is not a subscription id', 'comma-separated subscription ids'],
    ['CATALOG_TABLE_NAME', 'aks-backup', 'does not match', 'a table name'],
    ['BACKUP_RESOURCE_GROUP', 'backups.', 'does not match', 'a resource group name'],
    ['TASK_HUB_NAME', '1hub', 'does not match', 'a task hub name'],
  ])('rejects %s=%s naming the setting, the value and what is accepted', (name, value, problem, accepted) => {
    let caught: unknown;
    try {
      loadSettings({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    const message = (caught as SettingsError).message;
    expect(message).toContain(`${name}=${JSON.stringify(value)}`);
    expect(message).toContain(problem);
    expect(message).toContain(`accepted: ${accepted}`);
  });

  it('reports every bad setting at once', () => {
    expect(() => loadSettings({ BACKUP_TIMES: 'midnight', MINIMUM_KEEP: '-1' })).toThrow(
      'Invalid settings:\n  - BACKUP_TIMES="midnight"',
    );
    try {
      loadSettings({ BACKUP_TIMES: 'midnight', MINIMUM_KEEP: '-1' });
    } catch (error) {
      expect((error as SettingsError).problems).toHaveLength(2);
    }
  });
});

describe('every setting', () => {
  it.each(Object.values(settingsRegistry).map((d) => d.name))(
    '%s refuses a wrong value at start, naming it',
    (name) => {
      expect(() => loadSettings({ [name]: '!!' })).toThrow(`Invalid setting: ${name}="!!"`);
    },
  );
});

describe('settingsRegistry', () => {
  it('declares each setting name once', () => {
    const names = Object.values(settingsRegistry).map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(Object.values(settingsRegistry).map((d) => [d.name, d] as const))(
    '%s has a default that its own rules accept and a description',
    (_name, definition) => {
      expect(definition.kind.parse(definition.defaultValue).ok).toBe(true);
      expect(definition.description.length).toBeGreaterThan(10);
    },
  );
});
