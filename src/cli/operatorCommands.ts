/**
 * `status` (backup health at a glance; non-zero exit when anything needs
 * attention, for cron jobs and CI) and `restore` (a disk from a snapshot plus
 * the Kubernetes YAML that mounts it). Both run as the operator, with the
 * operator's rights.
 */
import { isRestError } from '@azure/core-rest-pipeline';
import { stringify } from 'yaml';
import { computeClient, resourceGraphClient, tableClient } from '../azure/azureConnection';
import { findCatalogAccount, readLastFailures } from '../azure/catalogStore';
import { findDisksWithOnboardingTag } from '../azure/diskInventory';
import { createDiskFromSnapshot, getDiskInfo } from '../azure/diskStore';
import { findOurSnapshots, findSnapshotsById } from '../azure/snapshotInventory';
import { backupHealth } from '../domain/backupHealth';
import { kubernetesManifests, restoredDiskName, type RestoreTarget } from '../domain/restorePlan';
import { parseResourceId } from '../domain/resourceIds';
import { isOurs, SNAPSHOT_TAGS } from '../domain/snapshotTags';
import { tagValue } from '../domain/tagPolicy';
import { useAppSettings } from '../settings/appSettings';
import { cliConnection } from './cliConnection';

export class CommandError extends Error {}

export async function statusCommand(
  options: { now?: Date; output: 'json' | 'table' },
  out: NodeJS.WritableStream,
): Promise<number> {
  const settings = useAppSettings(process.env);
  const connection = cliConnection(settings);
  const graph = resourceGraphClient(connection);
  const [disks, snapshots] = await Promise.all([
    findDisksWithOnboardingTag(graph, settings.subscriptionIds),
    findOurSnapshots(graph, settings.subscriptionIds),
  ]);
  const account = await findCatalogAccount(graph, settings.subscriptionIds, settings.catalogStorageAccount);
  const failures = await readLastFailures(
    tableClient(connection, account, settings.auditTableName),
    disks.map((d) => d.id),
  );
  const health = backupHealth(disks, snapshots, failures, {
    now: options.now ?? new Date(),
    backupTimes: settings.backupTimes,
    timeZone: settings.timeZone,
    defaultRetentionDays: settings.defaultRetentionDays,
    incremental: settings.incrementalSnapshots,
  });
  const needsAttention = health.filter((h) => h.attention.length > 0);
  if (options.output === 'json') {
    out.write(`${JSON.stringify({ disks: health, needsAttention: needsAttention.length }, null, 2)}\n`);
  } else {
    for (const disk of health) {
      out.write(
        `${(disk.attention.length === 0 ? 'ok' : 'ATTENTION').padEnd(10)} ${(disk.pvc ?? disk.diskName).padEnd(40)} ` +
          `last ${disk.lastComplete ?? 'never'} (${disk.ageHours ?? '-'} h), ${disk.snapshots} snapshots, next expiry ${disk.nextExpiry ?? '-'}` +
          `${disk.attention.length === 0 ? '' : ` — ${disk.attention.join(', ')}`}${disk.lastFailure === undefined ? '' : ` — last failure: ${disk.lastFailure.message}`}\n`,
      );
    }
    out.write(`${health.length} disks, ${needsAttention.length} need attention\n`);
  }
  return needsAttention.length > 0 ? 1 : 0;
}

export interface RestoreOptions {
  snapshot: string;
  resourceGroup?: string;
  zone?: string;
  sku?: string;
  name?: string;
  claim?: string;
  dryRun?: boolean;
  now?: Date;
}

export async function restoreCommand(options: RestoreOptions, out: NodeJS.WritableStream): Promise<number> {
  const settings = useAppSettings(process.env);
  const connection = cliConnection(settings);
  const graph = resourceGraphClient(connection);
  const byId = parseResourceId(options.snapshot) !== undefined;
  const candidates = byId
    ? await findSnapshotsById(graph, settings.subscriptionIds, [options.snapshot])
    : (await findOurSnapshots(graph, settings.subscriptionIds)).filter(
        (s) => s.name.toLowerCase() === options.snapshot.toLowerCase(),
      );
  const snapshot = candidates[0];
  if (snapshot === undefined) throw new CommandError(`snapshot "${options.snapshot}" not found`);
  if (candidates.length > 1)
    throw new CommandError(
      `"${options.snapshot}" names ${candidates.length} snapshots; give its resource id`,
    );
  if (!isOurs(snapshot.tags))
    throw new CommandError(
      `snapshot "${options.snapshot}" is not one of ours (no aksSnapshotBackupManagedBy tag)`,
    );

  const source = parseResourceId(snapshot.sourceResourceId);
  let live;
  try {
    live =
      source === undefined
        ? undefined
        : await getDiskInfo(
            computeClient(connection, source.subscriptionId),
            source.resourceGroup,
            source.name,
          );
  } catch (error) {
    if (!isRestError(error) || error.statusCode !== 404) throw error;
  }
  const pvcName = tagValue(snapshot.tags, SNAPSHOT_TAGS.pvcName);
  const pvcNamespace = tagValue(snapshot.tags, SNAPSHOT_TAGS.pvcNamespace) ?? 'default';
  const base = pvcName ?? source?.name ?? snapshot.name;
  const resourceGroup = options.resourceGroup ?? source?.resourceGroup;
  if (resourceGroup === undefined)
    throw new CommandError('the source disk is unknown: pass --resource-group');
  const zone = options.zone ?? live?.zone;
  const target: RestoreTarget = {
    diskName: options.name ?? restoredDiskName(base, options.now ?? new Date()),
    resourceGroup,
    location: snapshot.location,
    ...(zone === undefined ? {} : { zone }),
    sku: options.sku ?? live?.sku ?? 'Premium_LRS',
    sizeGb: live?.sizeGb ?? 0,
  };
  const subscriptionId = snapshot.subscriptionId;
  const plannedId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/disks/${target.diskName}`;
  const claim = { namespace: pvcNamespace, name: options.claim ?? `${base}-restored`.slice(0, 63) };
  if (options.dryRun === true) {
    out.write(`# would create disk ${plannedId} from ${snapshot.id}\n`);
    out.write(
      kubernetesManifests(plannedId, target, claim)
        .map((doc) => stringify(doc))
        .join('---\n'),
    );
    return 0;
  }
  const diskId = await createDiskFromSnapshot(
    computeClient(connection, subscriptionId),
    target,
    snapshot.id,
    {
      aksSnapshotBackupRestoredFrom: snapshot.name,
    },
  );
  const created = await getDiskInfo(
    computeClient(connection, subscriptionId),
    resourceGroup,
    target.diskName,
  );
  out.write(`# created disk ${diskId} from ${snapshot.id}\n`);
  out.write(
    kubernetesManifests(diskId, { ...target, sizeGb: created.sizeGb }, claim)
      .map((doc) => stringify(doc))
      .join('---\n'),
  );
  return 0;
}
