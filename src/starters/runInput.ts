/**
 * Builds a run's input from the settings and a slot: everything the
 * orchestrator needs is fixed here, when the run starts, because an
 * orchestrator reads no settings and no clock of its own.
 */
import type { BackupRunInput, RunFilters } from '../domain/backupRun';
import type { CleanupRunInput } from '../domain/cleanupRun';
import type { ReconcileRunInput } from '../domain/reconcileRun';
import { instanceIdOf, type Slot } from '../domain/scheduleSlots';
import type { Settings } from '../settings/registry';

export const NO_FILTERS: RunFilters = { subscriptions: [], resourceGroups: [], disks: [] };

export function backupRunInput(
  settings: Settings,
  slot: Slot,
  options: { readonly dryRun: boolean; readonly filters: RunFilters; readonly instanceId: string },
): BackupRunInput {
  return {
    runId: options.instanceId,
    slot: { utc: slot.utc.toISOString(), scheduled: slot.scheduled, timeZone: slot.timeZone },
    dryRun: options.dryRun,
    filters: options.filters,
    settings: {
      defaultRetentionDays: settings.defaultRetentionDays,
      snapshotsPerDay: settings.backupTimes.length,
      incremental: settings.incrementalSnapshots,
      backupResourceGroup: settings.backupResourceGroup,
      subscriptionIds: settings.subscriptionIds,
      catalogTableName: settings.catalogTableName,
      auditTableName: settings.auditTableName,
      catalogStorageAccount: settings.catalogStorageAccount,
    },
  };
}

/** A cleanup takes what a reconcile takes (it ends with one) plus the minimum keep. */
export function cleanupRunInput(
  settings: Settings,
  slot: Slot,
  options: { readonly dryRun: boolean; readonly instanceId: string },
): CleanupRunInput {
  const reconcile = reconcileRunInput(settings, slot, options);
  return { ...reconcile, settings: { ...reconcile.settings, minimumKeep: settings.minimumKeep } };
}

export function reconcileRunInput(
  settings: Settings,
  slot: Slot,
  options: { readonly dryRun: boolean; readonly instanceId: string },
): ReconcileRunInput {
  return {
    runId: options.instanceId,
    slot: { utc: slot.utc.toISOString(), scheduled: slot.scheduled, timeZone: slot.timeZone },
    dryRun: options.dryRun,
    settings: {
      backupResourceGroup: settings.backupResourceGroup,
      defaultRetentionDays: settings.defaultRetentionDays,
      subscriptionIds: settings.subscriptionIds,
      catalogTableName: settings.catalogTableName,
      auditTableName: settings.auditTableName,
      catalogStorageAccount: settings.catalogStorageAccount,
    },
  };
}

export type RunOrchestrator = 'backupRun' | 'cleanupRun' | 'reconcileRun';

/** The orchestrator and input of a run of `slot`. */
export function runOf(
  settings: Settings,
  slot: Slot,
  options: { readonly dryRun: boolean; readonly filters: RunFilters },
): { readonly orchestrator: RunOrchestrator; readonly instanceId: string; readonly input: unknown } {
  const instanceId = runInstanceId(slot, options.dryRun);
  const dryRun = options.dryRun;
  switch (slot.kind) {
    case 'backup':
      return {
        orchestrator: 'backupRun',
        instanceId,
        input: backupRunInput(settings, slot, { ...options, instanceId }),
      };
    case 'cleanup':
      return {
        orchestrator: 'cleanupRun',
        instanceId,
        input: cleanupRunInput(settings, slot, { dryRun, instanceId }),
      };
    case 'reconcile':
      return {
        orchestrator: 'reconcileRun',
        instanceId,
        input: reconcileRunInput(settings, slot, { dryRun, instanceId }),
      };
  }
}

/** A dry run has its own instance, so it never blocks or replaces the real run of its slot. */
export function runInstanceId(slot: Slot, dryRun: boolean): string {
  return dryRun ? `${instanceIdOf(slot)}-dryrun` : instanceIdOf(slot);
}
