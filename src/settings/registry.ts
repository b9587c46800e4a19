/**
 * The one place that declares every setting the code reads. Each entry says
 * what it means, its default, what values are accepted and whether it belongs
 * in an Azure deployment (app setting) or only in local runs. Later features add
 * their settings here; the deployment template and the README are checked
 * against this list.
 */
import {
  booleanKind,
  integerKind,
  optionalFileKind,
  patternKind,
  subscriptionListKind,
  timeZoneKind,
  timesOfDayKind,
  type SettingKind,
} from './settingKinds';

export type SettingScope = 'deployment' | 'local';

export interface SettingDefinition<T> {
  /** Environment variable / app setting name. */
  readonly name: string;
  readonly description: string;
  /** Written as a user would write it; parsed by the same rules as a user's value. */
  readonly defaultValue: string;
  readonly scope: SettingScope;
  readonly kind: SettingKind<T>;
}

const define = <T>(definition: SettingDefinition<T>): SettingDefinition<T> => definition;

export const settingsRegistry = {
  backupTimes: define({
    name: 'BACKUP_TIMES',
    description: 'Local times of day at which backups run.',
    defaultValue: '00:00',
    scope: 'deployment',
    kind: timesOfDayKind,
  }),
  cleanupTimes: define({
    name: 'CLEANUP_TIMES',
    description: 'Local times of day at which expired snapshots are cleaned up.',
    defaultValue: '02:00',
    scope: 'deployment',
    kind: timesOfDayKind,
  }),
  timeZone: define({
    name: 'SCHEDULE_TIME_ZONE',
    description:
      'Time zone of BACKUP_TIMES, CLEANUP_TIMES and snapshot names. The timer ticks in UTC; the code decides which local slot is due, so this works on Linux Flex Consumption where WEBSITE_TIME_ZONE does not.',
    defaultValue: 'UTC',
    scope: 'deployment',
    kind: timeZoneKind,
  }),
  defaultRetentionDays: define({
    name: 'DEFAULT_RETENTION_DAYS',
    description: 'Days a snapshot is kept when its disk has no valid `retentionTime` tag.',
    defaultValue: '3',
    scope: 'deployment',
    kind: integerKind(1, 3650),
  }),
  backupResourceGroup: define({
    name: 'BACKUP_RESOURCE_GROUP',
    description:
      'Resource group that receives the snapshots, in each subscription that has onboarded disks (incremental snapshots must stay in the disk’s subscription and region).',
    defaultValue: 'aks-snapshot-backup',
    scope: 'deployment',
    kind: patternKind(
      /^[-\w._()]{0,89}[-\w_()]$/u,
      'a resource group name: 1 to 90 letters, digits, `-`, `_`, `.`, `(` or `)`, not ending in `.`',
    ),
  }),
  subscriptionIds: define({
    name: 'SUBSCRIPTION_IDS',
    description: 'Subscriptions to back up. Empty: every subscription the identity can read.',
    defaultValue: '',
    scope: 'deployment',
    kind: subscriptionListKind,
  }),
  incrementalSnapshots: define({
    name: 'INCREMENTAL_SNAPSHOTS',
    description:
      'Take incremental snapshots (cheaper, Azure’s recommendation); `false` takes full snapshots.',
    defaultValue: 'true',
    scope: 'deployment',
    kind: booleanKind,
  }),
  minimumKeep: define({
    name: 'MINIMUM_KEEP',
    description:
      'Newest complete snapshots of a disk that still exists which cleanup keeps even past their expiry, so failing backups never leave a disk with none.',
    defaultValue: '1',
    scope: 'deployment',
    kind: integerKind(0, 500),
  }),
  catalogTableName: define({
    name: 'CATALOG_TABLE_NAME',
    description: 'Table that lists every live snapshot (the original solution’s table name).',
    defaultValue: 'akssnapshotbackup',
    scope: 'deployment',
    kind: patternKind(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'a table name: a letter then 2 to 62 letters or digits'),
  }),
  auditTableName: define({
    name: 'AUDIT_TABLE_NAME',
    description: 'Table holding the history of every attempt, failure, warning and deletion, per disk.',
    defaultValue: 'akssnapshotbackupaudit',
    scope: 'deployment',
    kind: patternKind(/^[A-Za-z][A-Za-z0-9]{2,62}$/, 'a table name: a letter then 2 to 62 letters or digits'),
  }),
  catalogStorageAccount: define({
    name: 'CATALOG_STORAGE_ACCOUNT',
    description:
      'Storage account of the catalog tables. Empty: the account tagged `aksSnapshotBackupDatabase: tableStorage`.',
    defaultValue: '',
    scope: 'deployment',
    kind: patternKind(/^(|[a-z0-9]{3,24})$/, 'a storage account name: 3 to 24 lower-case letters or digits'),
  }),
  taskHubName: define({
    name: 'TASK_HUB_NAME',
    description:
      'Durable Functions task hub (host.json reads it); distinct per app sharing a storage account.',
    defaultValue: 'AksSnapshotBackup',
    scope: 'deployment',
    kind: patternKind(
      /^[A-Za-z][A-Za-z0-9]{2,44}$/,
      'a task hub name: a letter then 2 to 44 letters or digits',
    ),
  }),
  historyRetentionDays: define({
    name: 'HISTORY_RETENTION_DAYS',
    description:
      'Days the Durable history of finished runs is kept before the daily purge removes it (the catalog and audit tables are not affected).',
    defaultValue: '30',
    scope: 'deployment',
    kind: integerKind(1, 3650),
  }),
  armEndpoint: define({
    name: 'ARM_ENDPOINT',
    description:
      'ARM endpoint the CLI talks to; empty: Azure. `aks-snapshot-backup emulator` prints the local one (loopback endpoints use a placeholder token).',
    defaultValue: '',
    scope: 'local',
    kind: patternKind(/^(|https:\/\/[^\s]+)$/, 'empty, or an https:// URL'),
  }),
  armCaFile: define({
    name: 'ARM_CA_FILE',
    description: 'PEM file of the certificate to trust for ARM_ENDPOINT (the local emulator writes one).',
    defaultValue: '',
    scope: 'local',
    kind: optionalFileKind,
  }),
  tableEndpoint: define({
    name: 'TABLE_ENDPOINT',
    description:
      'Table service URL the CLI uses for the catalog; empty: https://{account}.table.core.windows.net. A loopback URL means Azurite and its published development key.',
    defaultValue: '',
    scope: 'local',
    kind: patternKind(/^(|https?:\/\/[^\s]+)$/, 'empty, or an http(s):// URL'),
  }),
  runnerActivityConcurrency: define({
    name: 'RUNNER_ACTIVITY_CONCURRENCY',
    description:
      'Activities the in-process runner (CLI, `npm start`) executes at once; the Functions host uses host.json instead.',
    defaultValue: '10',
    scope: 'local',
    kind: integerKind(1, 1000),
  }),
} as const;

export type SettingsRegistry = typeof settingsRegistry;
export type SettingKey = keyof SettingsRegistry;
export type Settings = {
  readonly [K in SettingKey]: SettingsRegistry[K] extends SettingDefinition<infer T> ? T : never;
};
