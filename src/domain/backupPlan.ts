/**
 * The plan of a backup run: which disks are onboarded, what each snapshot is
 * called, where it goes, how long it is kept and which warnings the run
 * records. Pure: the same inventory, slot and settings always give the same
 * plan, which is what makes a rerun of a slot find its own snapshots.
 */
import { partitionKeyOf, snapshotTimeLabel, type Slot } from './scheduleSlots';
import { disksWithSharedNames, expiryOf, snapshotName } from './snapshotNaming';
import { snapshotTags } from './snapshotTags';
import { onboardingOf, retentionOf, tagValue } from './tagPolicy';

export interface InventoryDisk {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly location: string;
  readonly uniqueId: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface PlanSettings {
  readonly defaultRetentionDays: number;
  readonly snapshotsPerDay: number;
  readonly incremental: boolean;
  readonly backupResourceGroup: string;
}

export interface PlannedSnapshot {
  readonly diskId: string;
  readonly diskName: string;
  readonly diskUniqueId: string;
  readonly subscriptionId: string;
  readonly location: string;
  /** The backup resource group in the disk's subscription. */
  readonly resourceGroup: string;
  readonly name: string;
  readonly incremental: boolean;
  readonly retentionDays: number;
  /** ISO instant: plain JSON, because plans travel through orchestration histories. */
  readonly expiresOn: string;
  readonly partitionKey: string;
  readonly warning?: string;
  readonly pvcNamespace?: string;
  readonly pvcName?: string;
}

export interface NotUnderstood {
  readonly diskId: string;
  readonly value: string;
}

export interface BackupPlan {
  readonly snapshots: readonly PlannedSnapshot[];
  /** Disks whose onboarding tag is present but not understood (`yes`, a typo): for the status view. */
  readonly notUnderstood: readonly NotUnderstood[];
}

const PVC_NAMESPACE_TAG = 'kubernetes.io-created-for-pvc-namespace';
const PVC_NAME_TAG = 'kubernetes.io-created-for-pvc-name';

/** The fields of a planned snapshot its tags are made from. */
export type TaggedFields = Pick<
  PlannedSnapshot,
  'diskName' | 'retentionDays' | 'expiresOn' | 'partitionKey' | 'pvcNamespace' | 'pvcName'
>;

/**
 * The tags a planned snapshot is created with. Derived where the PUT is sent
 * rather than carried through the plan: they would double the size of every
 * subscription's and chunk's input.
 */
export function plannedSnapshotTags(
  item: TaggedFields,
  slotUtc: string,
  runId: string,
): Record<string, string> {
  return snapshotTags({
    retentionDays: item.retentionDays,
    expiresOn: new Date(item.expiresOn),
    slot: new Date(slotUtc),
    runId,
    sourceDiskName: item.diskName,
    catalogPartition: item.partitionKey,
    ...(item.pvcNamespace === undefined ? {} : { pvcNamespace: item.pvcNamespace }),
    ...(item.pvcName === undefined ? {} : { pvcName: item.pvcName }),
  });
}

/**
 * The plan of `disks`. `namesSharedInScope` holds the lower-cased names that
 * disks outside `disks` also carry (a subscription plans its own disks, and a
 * name shared with another subscription's disk gets the hashed form too).
 */
export function planBackup(
  disks: readonly InventoryDisk[],
  slot: Slot,
  settings: PlanSettings,
  namesSharedInScope: ReadonlySet<string> = new Set(),
): BackupPlan {
  const shared = disksWithSharedNames(disks);
  const nameIsShared = (disk: InventoryDisk): boolean =>
    shared.has(disk.id.toLowerCase()) || namesSharedInScope.has(disk.name.toLowerCase());
  const label = snapshotTimeLabel(slot);
  const partitionKey = partitionKeyOf(slot);
  const snapshots: PlannedSnapshot[] = [];
  const notUnderstood: NotUnderstood[] = [];
  for (const disk of [...disks].sort((a, b) => a.id.toLowerCase().localeCompare(b.id.toLowerCase()))) {
    const onboarding = onboardingOf(disk.tags);
    if (!onboarding.onboarded) {
      if (onboarding.reason === 'not-understood')
        notUnderstood.push({ diskId: disk.id, value: onboarding.value });
      continue;
    }
    const retention = retentionOf(disk.tags, {
      defaultDays: settings.defaultRetentionDays,
      snapshotsPerDay: settings.snapshotsPerDay,
      incremental: settings.incremental,
    });
    const expiresOn = expiryOf(slot.utc, retention.days);
    const pvcNamespace = tagValue(disk.tags, PVC_NAMESPACE_TAG);
    const pvcName = tagValue(disk.tags, PVC_NAME_TAG);
    snapshots.push({
      diskId: disk.id,
      diskName: disk.name,
      diskUniqueId: disk.uniqueId,
      subscriptionId: disk.subscriptionId,
      location: disk.location,
      resourceGroup: settings.backupResourceGroup,
      name: snapshotName(disk, label, nameIsShared(disk)),
      incremental: settings.incremental,
      retentionDays: retention.days,
      expiresOn: expiresOn.toISOString(),
      partitionKey,
      ...(retention.warning === undefined ? {} : { warning: retention.warning }),
      ...(pvcNamespace === undefined ? {} : { pvcNamespace }),
      ...(pvcName === undefined ? {} : { pvcName }),
    });
  }
  return { snapshots, notUnderstood };
}
