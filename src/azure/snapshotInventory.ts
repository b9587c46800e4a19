/**
 * Finding cleanup's work with Resource Graph, at a cost that follows the work
 * rather than the fleet's history: one query for our snapshots whose absolute
 * expiry has passed (filtered server-side on our marker and expiry tags), then
 * for the disks those belong to one summary row each (how many complete
 * unexpired snapshots, the oldest one's time) — enough to see that minimum keep
 * is met by newer snapshots, the steady state. Only for the other disks (backups
 * failing, retention shortened) are their snapshots and existence read. Neither
 * the catalog's history nor a disk's older snapshots are read in the steady state.
 */
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import {
  disksWithKeepMet,
  diskKeyOf,
  type KeepCoverage,
  type LiveDisk,
  type OurSnapshot,
} from '../domain/cleanupPlan';
import { MARKER_TAG, MARKER_VALUE, SNAPSHOT_TAGS } from '../domain/snapshotTags';
import { forEachRowPage, queryAllRows, tagsOf, textOf as text } from './resourceGraphQuery';

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

/** Each snapshot of ours, page by page: for callers that keep a digest, not the snapshots. */
export async function forEachOurSnapshot(
  graph: ResourceGraphClient,
  subscriptions: readonly string[],
  onSnapshot: (snapshot: OurSnapshot) => void,
): Promise<void> {
  await forEachRowPage(graph, ourSnapshotsQuery(), subscriptions, (rows) => {
    for (const row of rows) onSnapshot(toSnapshot(row));
  });
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

/** Per disk: complete unexpired snapshots of ours and the oldest one's creation time (one row per disk). */
export function keepCoverageQuery(diskIds: readonly string[], now: Date): string {
  return [
    OURS,
    `| where tolower(tostring(properties.creationData.sourceResourceId)) in (${quoted(diskIds)})`,
    "| where tostring(properties.provisioningState) == 'Succeeded'",
    '| where isnull(properties.completionPercent) or toint(properties.completionPercent) >= 100',
    `| where todatetime(tags['${SNAPSHOT_TAGS.expiresOn}']) > todatetime('${now.toISOString()}')`,
    '| summarize unexpiredComplete = count(), oldestUnexpiredComplete = min(todatetime(properties.timeCreated))',
    '    by sourceResourceId = tolower(tostring(properties.creationData.sourceResourceId)),',
    '       sourceUniqueId = tostring(properties.creationData.sourceUniqueId)',
  ].join('\n');
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
  /** Every snapshot of ours of the disks whose minimum keep is not already met by newer snapshots. */
  readonly siblings: OurSnapshot[];
  /** Which of those disks exist; disks whose keep is met need no protection and are not looked up. */
  readonly liveDisks: LiveDisk[];
  /** Resource Graph requests this took (for the benchmark and the closing measurement). */
  readonly queries: number;
}

export async function findCleanupInventory(
  graph: ResourceGraphClient,
  subscriptions: readonly string[],
  now: Date,
  minimumKeep: number,
): Promise<CleanupInventory> {
  let queries = 0;
  const run = async (query: string) => {
    queries += 1;
    return queryAllRows(graph, query, subscriptions);
  };
  const expired = (await run(expiredSnapshotsQuery(now))).map(toSnapshot);
  const diskIdsOf = (snapshots: readonly OurSnapshot[]) => [
    ...new Set(snapshots.map((s) => s.sourceResourceId.toLowerCase()).filter((id) => id !== '')),
  ];
  const coverage: KeepCoverage[] = [];
  const affected = minimumKeep === 0 ? [] : diskIdsOf(expired);
  for (let i = 0; i < affected.length; i += IDS_PER_QUERY) {
    for (const row of await run(keepCoverageQuery(affected.slice(i, i + IDS_PER_QUERY), now))) {
      coverage.push({
        sourceResourceId: text(row.sourceResourceId),
        sourceUniqueId: text(row.sourceUniqueId),
        unexpiredComplete: typeof row.unexpiredComplete === 'number' ? row.unexpiredComplete : 0,
        ...(typeof row.oldestUnexpiredComplete === 'string'
          ? { oldestUnexpiredComplete: row.oldestUnexpiredComplete }
          : {}),
      });
    }
  }
  const met = disksWithKeepMet(expired, coverage, minimumKeep);
  const atRisk = diskIdsOf(expired.filter((s) => !met.has(diskKeyOf(s))));
  const siblings: OurSnapshot[] = [];
  const liveDisks: LiveDisk[] = [];
  for (let i = 0; i < atRisk.length; i += IDS_PER_QUERY) {
    const ids = atRisk.slice(i, i + IDS_PER_QUERY);
    siblings.push(...(await run(snapshotsOfDisksQuery(ids))).map(toSnapshot));
    liveDisks.push(
      ...(await run(disksByIdQuery(ids))).map((row) => ({ id: text(row.id), uniqueId: text(row.uniqueId) })),
    );
  }
  return { expired, siblings, liveDisks, queries };
}
