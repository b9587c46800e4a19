/**
 * What must hold after every fault run, whatever the faults were: nothing
 * lost, nothing duplicated, nothing wrong deleted, catalog and Azure agreeing.
 * Each check returns the violations it found, worded for a person.
 */
import type { BackupRunSummary } from '../domain/backupRun';
import { isComplete } from '../domain/cleanupPlan';
import { onboardingOf } from '../domain/tagPolicy';
import { expiryOf, slotOf } from '../domain/snapshotTags';
import type { SimulatedDisk, SimulatedSnapshot } from '../emulator/arm/simulatedResources';
import type { SimulatedAzure } from '../emulator/arm/simulatedAzure';

export interface SnapshotRecord {
  readonly id: string;
  readonly name: string;
  readonly marked: boolean;
  readonly expiresOn?: Date;
  readonly sourceResourceId: string;
  readonly sourceUniqueId: string;
  readonly timeCreated: Date;
  readonly complete: boolean;
}

export function recordSnapshots(azure: SimulatedAzure): SnapshotRecord[] {
  return azure
    .allResources()
    .filter((r): r is SimulatedSnapshot => r.kind === 'snapshot')
    .map((s) => {
      const expiresOn = expiryOf(s.tags);
      return {
        id: s.id.toLowerCase(),
        name: s.name,
        marked: s.tags.aksSnapshotBackupManagedBy === 'aks-snapshot-backup',
        ...(expiresOn === undefined ? {} : { expiresOn }),
        sourceResourceId: s.sourceResourceId.toLowerCase(),
        sourceUniqueId: s.sourceUniqueId,
        timeCreated: s.timeCreated,
        complete: isComplete({
          id: s.id,
          name: s.name,
          subscriptionId: s.subscriptionId,
          resourceGroup: s.resourceGroup,
          location: s.location,
          sourceResourceId: s.sourceResourceId,
          sourceUniqueId: s.sourceUniqueId,
          timeCreated: s.timeCreated.toISOString(),
          provisioningState: azure.provisioningState(s),
          ...(azure.completionPercent(s) === undefined
            ? {}
            : { completionPercent: azure.completionPercent(s) }),
          tags: s.tags,
        }),
      };
    });
}

const liveOnboardedDisks = (azure: SimulatedAzure): SimulatedDisk[] =>
  azure.allResources().filter((r): r is SimulatedDisk => r.kind === 'disk' && onboardingOf(r.tags).onboarded);

/** Every onboarded disk that exists has the slot's snapshot or a recorded failure with a reason; none has two. */
export function checkBackup(
  azure: SimulatedAzure,
  slot: Date,
  summary: BackupRunSummary | undefined,
): string[] {
  const violations: string[] = [];
  const ours = azure
    .allResources()
    .filter(
      (r): r is SimulatedSnapshot =>
        r.kind === 'snapshot' && r.tags.aksSnapshotBackupManagedBy === 'aks-snapshot-backup',
    )
    .filter((s) => slotOf(s.tags)?.getTime() === slot.getTime());
  const perDisk = new Map<string, number>();
  for (const snapshot of ours)
    perDisk.set(snapshot.sourceUniqueId, (perDisk.get(snapshot.sourceUniqueId) ?? 0) + 1);
  for (const [disk, count] of perDisk)
    if (count > 1) violations.push(`disk ${disk} has ${count} snapshots for slot ${slot.toISOString()}`);
  for (const disk of liveOnboardedDisks(azure)) {
    if (perDisk.has(disk.uniqueId)) continue;
    const recorded = summary?.disks.find((d) => d.diskId.toLowerCase() === disk.id.toLowerCase());
    const reason =
      recorded?.outcome === 'failed' || recorded?.outcome === 'pending'
        ? (recorded.error ?? recorded.warning)
        : undefined;
    if (reason === undefined || reason === '')
      violations.push(`disk ${disk.name} has neither a snapshot for the slot nor a recorded failure`);
  }
  return violations;
}

/** Nothing unmarked or unexpired was deleted, and the newest complete snapshot of every live disk survived. */
export function checkCleanup(azure: SimulatedAzure, before: readonly SnapshotRecord[], now: Date): string[] {
  const violations: string[] = [];
  const after = new Set(recordSnapshots(azure).map((s) => s.id));
  for (const snapshot of before) {
    if (after.has(snapshot.id)) continue;
    if (!snapshot.marked) violations.push(`unmarked snapshot ${snapshot.name} was deleted`);
    else if (snapshot.expiresOn === undefined || snapshot.expiresOn > now)
      violations.push(`unexpired snapshot ${snapshot.name} was deleted`);
  }
  for (const disk of liveOnboardedDisks(azure)) {
    const newest = before
      .filter(
        (s) =>
          s.marked &&
          s.complete &&
          s.sourceResourceId === disk.id.toLowerCase() &&
          s.sourceUniqueId === disk.uniqueId,
      )
      .sort((a, b) => b.timeCreated.getTime() - a.timeCreated.getTime())[0];
    if (newest !== undefined && !after.has(newest.id))
      violations.push(`the newest complete snapshot of live disk ${disk.name} was deleted`);
  }
  return violations;
}

/** After reconcile: every marked snapshot has a row and every row a snapshot. */
export function checkCatalog(azure: SimulatedAzure, rowKeys: readonly string[]): string[] {
  const names = new Set(
    azure
      .allResources()
      .filter((r) => r.kind === 'snapshot' && r.tags.aksSnapshotBackupManagedBy === 'aks-snapshot-backup')
      .map((r) => r.name),
  );
  const rows = new Set(rowKeys);
  return [
    ...[...names].filter((n) => !rows.has(n)).map((n) => `marked snapshot ${n} has no catalog row`),
    ...[...rows].filter((r) => !names.has(r)).map((r) => `catalog row ${r} has no snapshot`),
  ];
}
