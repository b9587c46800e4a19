/**
 * Finding cleanup's work with Resource Graph, at a cost that follows the work
 * rather than the fleet's history: one query for our snapshots whose absolute
 * expiry has passed (filtered server-side on our marker and expiry tags), then
 * — only for the disks those belong to — their other snapshots (for minimum
 * keep) and whether the disks still exist. Unexpired snapshots of other disks
 * and the catalog's history are never read.
 */
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { LiveDisk, OurSnapshot } from '../domain/cleanupPlan';
import { MARKER_TAG, MARKER_VALUE, SNAPSHOT_TAGS } from '../domain/snapshotTags';
import { queryAllRows, tagsOf, textOf as text } from './resourceGraphQuery';

/** Ids per `in (…)` list: keeps each query text well under Resource Graph's limits. */
const IDS_PER_QUERY = 200;

const SNAPSHOT_COLUMNS = [
  '| project id, name, subscriptionId, resourceGroup, location, tags,',
  '  sourceResourceId = tostring(properties.creationData.sourceResourceId),',
  '  sourceUniqueId = tostring(properties.creationData.sourceUniqueId),',
  '  timeCreated = tostring(properties.timeCreated),',
  '  provisioningState = tostring(properties.provisioningState),',
  '  completionPercent = properties.completionPercent, incremental = properties.incremental',
  '| order by id asc',
].join('\n');

const OURS = [
  "Resources | where type =~ 'microsoft.compute/snapshots'",
  `| where tags['${MARKER_TAG}'] == '${MARKER_VALUE}'`,
].join('\n');

export function expiredSnapshotsQuery(now: Date): string {
  return [
    OURS,
    `| where todatetime(tags['${SNAPSHOT_TAGS.expiresOn}']) <= todatetime('${now.toISOString()}')`,
    SNAPSHOT_COLUMNS,
  ].join('\n');
}

const quoted = (values: readonly string[]) =>
  values.map((v) => `'${v.toLowerCase().replace(/'/g, "\\'")}'`).join(', ');

export function snapshotsOfDisksQuery(diskIds: readonly string[]): string {
  return [
    OURS,
    `| where tolower(tostring(properties.creationData.sourceResourceId)) in (${quoted(diskIds)})`,
    SNAPSHOT_COLUMNS,
  ].join('\n');
}

/** Snapshots by id, marked or not: what the original's catalog rows name. */
export function snapshotsByIdQuery(ids: readonly string[]): string {
  return [
    "Resources | where type =~ 'microsoft.compute/snapshots'",
    `| where tolower(id) in (${quoted(ids)})`,
    SNAPSHOT_COLUMNS,
  ].join('\n');
}

/** Every snapshot carrying our marker (reconcile compares them with the catalog). */
export function ourSnapshotsQuery(): string {
  return [OURS, SNAPSHOT_COLUMNS].join('\n');
}

export async function findOurSnapshots(
  graph: ResourceGraphClient,
  subscriptions: readonly string[],
): Promise<OurSnapshot[]> {
  return (await queryAllRows(graph, ourSnapshotsQuery(), subscriptions)).map(toSnapshot);
}

export async function findSnapshotsById(
  graph: ResourceGraphClient,
  subscriptions: readonly string[],
  ids: readonly string[],
): Promise<OurSnapshot[]> {
  const found: OurSnapshot[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    found.push(
      ...(await queryAllRows(graph, snapshotsByIdQuery(ids.slice(i, i + IDS_PER_QUERY)), subscriptions)).map(
        toSnapshot,
      ),
    );
  }
  return found;
}

export function disksByIdQuery(diskIds: readonly string[]): string {
  return [
    "Resources | where type =~ 'microsoft.compute/disks'",
    `| where tolower(id) in (${quoted(diskIds)})`,
    '| project id, uniqueId = tostring(properties.uniqueId)',
    '| order by id asc',
  ].join('\n');
}

function toSnapshot(row: Record<string, unknown>): OurSnapshot {
  return {
    id: text(row.id),
    name: text(row.name),
    subscriptionId: text(row.subscriptionId),
    resourceGroup: text(row.resourceGroup),
    location: text(row.location),
    sourceResourceId: text(row.sourceResourceId),
    sourceUniqueId: text(row.sourceUniqueId),
    timeCreated: text(row.timeCreated),
    provisioningState: text(row.provisioningState),
    ...(typeof row.completionPercent === 'number' ? { completionPercent: row.completionPercent } : {}),
    ...(typeof row.incremental === 'boolean' ? { incremental: row.incremental } : {}),
    tags: tagsOf(row),
  };
}

export interface CleanupInventory {
  readonly expired: OurSnapshot[];
  readonly siblings: OurSnapshot[];
  readonly liveDisks: LiveDisk[];
  /** Resource Graph requests this took (for the benchmark and the closing measurement). */
  readonly queries: number;
}

export async function findCleanupInventory(
  graph: ResourceGraphClient,
  subscriptions: readonly string[],
  now: Date,
): Promise<CleanupInventory> {
  let queries = 0;
  const run = async (query: string) => {
    queries += 1;
    return queryAllRows(graph, query, subscriptions);
  };
  const expired = (await run(expiredSnapshotsQuery(now))).map(toSnapshot);
  const diskIds = [
    ...new Set(expired.map((s) => s.sourceResourceId.toLowerCase()).filter((id) => id !== '')),
  ];
  const siblings: OurSnapshot[] = [];
  const liveDisks: LiveDisk[] = [];
  for (let i = 0; i < diskIds.length; i += IDS_PER_QUERY) {
    const ids = diskIds.slice(i, i + IDS_PER_QUERY);
    siblings.push(...(await run(snapshotsOfDisksQuery(ids))).map(toSnapshot));
    liveDisks.push(
      ...(await run(disksByIdQuery(ids))).map((row) => ({ id: text(row.id), uniqueId: text(row.uniqueId) })),
    );
  }
  return { expired, siblings, liveDisks, queries };
}
