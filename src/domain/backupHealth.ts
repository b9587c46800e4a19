/**
 * Backup health per disk, for `aks-snapshot-backup status`: what a platform
 * engineer needs at a glance, and whether anything needs attention. Pure:
 * the inventory, our snapshots, the last failures and `now` come in.
 */
import type { InventoryDisk } from './backupPlan';
import { isComplete, type OurSnapshot } from './cleanupPlan';
import { recentSlots } from './scheduleSlots';
import { expiryOf, slotOf } from './snapshotTags';
import { onboardingOf, retentionOf, tagValue } from './tagPolicy';
import type { LocalTimeOfDay } from '../settings/settingKinds';

export interface LastFailure {
  readonly diskId: string;
  readonly at: string;
  readonly message: string;
}

export type Attention =
  | 'never-backed-up'
  | 'missed-slot'
  | 'last-run-failed'
  | 'incomplete-snapshot'
  | 'value-not-understood'
  | 'retention-warning';

export interface DiskHealth {
  readonly diskId: string;
  readonly diskName: string;
  readonly pvc?: string;
  readonly onboarded: boolean;
  readonly lastComplete?: string;
  readonly ageHours?: number;
  readonly snapshots: number;
  readonly incomplete: number;
  readonly nextExpiry?: string;
  readonly lastFailure?: { readonly at: string; readonly message: string };
  readonly warning?: string;
  readonly attention: readonly Attention[];
}

export interface HealthOptions {
  readonly now: Date;
  readonly backupTimes: readonly LocalTimeOfDay[];
  readonly timeZone: string;
  readonly defaultRetentionDays: number;
  readonly incremental: boolean;
}

export function backupHealth(
  disks: readonly InventoryDisk[],
  snapshots: readonly OurSnapshot[],
  failures: readonly LastFailure[],
  options: HealthOptions,
): DiskHealth[] {
  // The slot that should be covered by now: the latest due one, if it started more than an hour ago.
  const due = recentSlots(
    new Date(options.now.getTime() - 3600_000),
    options.backupTimes,
    options.timeZone,
    'backup',
  ).latest;
  return [...disks]
    .sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))
    .map((disk): DiskHealth => {
      const onboarding = onboardingOf(disk.tags);
      const own = snapshots.filter(
        (s) =>
          s.sourceResourceId.toLowerCase() === disk.id.toLowerCase() &&
          (s.sourceUniqueId === '' || s.sourceUniqueId === disk.uniqueId),
      );
      const complete = own
        .filter(isComplete)
        .sort((a, b) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated));
      const newest = complete[0];
      const newestSlot = own.map((s) => slotOf(s.tags)?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
      const expiries = own
        .map((s) => expiryOf(s.tags)?.getTime())
        .filter((t): t is number => t !== undefined && t > options.now.getTime());
      const failure = failures
        .filter((f) => f.diskId.toLowerCase() === disk.id.toLowerCase())
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
      const retention = onboarding.onboarded
        ? retentionOf(disk.tags, {
            defaultDays: options.defaultRetentionDays,
            snapshotsPerDay: options.backupTimes.length,
            incremental: options.incremental,
          })
        : undefined;
      const attention: Attention[] = [];
      if (onboarding.onboarded) {
        if (own.length === 0) attention.push('never-backed-up');
        else if (due !== undefined && newestSlot < due.utc.getTime()) attention.push('missed-slot');
        if (
          failure !== undefined &&
          (newest === undefined || Date.parse(failure.at) > Date.parse(newest.timeCreated))
        ) {
          attention.push('last-run-failed');
        }
        if (own.length > complete.length) attention.push('incomplete-snapshot');
        if (retention?.warning !== undefined) attention.push('retention-warning');
      } else if (onboarding.reason === 'not-understood') {
        attention.push('value-not-understood');
      }
      const pvcName = tagValue(disk.tags, 'kubernetes.io-created-for-pvc-name');
      const pvcNamespace = tagValue(disk.tags, 'kubernetes.io-created-for-pvc-namespace');
      return {
        diskId: disk.id,
        diskName: disk.name,
        ...(pvcName === undefined ? {} : { pvc: `${pvcNamespace ?? ''}/${pvcName}` }),
        onboarded: onboarding.onboarded,
        ...(newest === undefined
          ? {}
          : {
              lastComplete: newest.timeCreated,
              ageHours: Math.round((options.now.getTime() - Date.parse(newest.timeCreated)) / 36_000) / 100,
            }),
        snapshots: own.length,
        incomplete: own.length - complete.length,
        ...(expiries.length === 0 ? {} : { nextExpiry: new Date(Math.min(...expiries)).toISOString() }),
        ...(failure === undefined ? {} : { lastFailure: { at: failure.at, message: failure.message } }),
        ...(onboarding.onboarded || onboarding.reason !== 'not-understood'
          ? retention?.warning === undefined
            ? {}
            : { warning: retention.warning }
          : { warning: `aksSnapshotBackupEnabled "${onboarding.value}" is not understood; use "true"` }),
        attention,
      };
    });
}
