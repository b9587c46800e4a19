/**
 * The simulator's behaviour, without HTTP: what ARM and Compute do with the
 * disks and snapshots our code touches, including the rules our logic depends
 * on (name rules, incremental snapshots stay in the disk's region and
 * subscription, same-name PUT from another source is refused, 7 incremental
 * snapshots per disk per 5 minutes and 500 per disk). Time comes from the
 * injected clock, so operations complete on virtual time in tests.
 */
import { createHash, randomUUID } from 'node:crypto';
import { parseResourceId } from '../../domain/resourceIds';
import type { Clock } from '../../runtime/clock';
import { ArmError, notFound, resourceGroupNotFound, subscriptionNotFound } from './armError';
import {
  RESOURCE_TYPES,
  resourceId,
  type SimulatedDisk,
  type SimulatedResource,
  type SimulatedResourceGroup,
  type SimulatedSnapshot,
  type Tags,
} from './simulatedResources';

export interface SimulatedAzureOptions {
  readonly clock: Clock;
  /** How long a snapshot or disk create takes (virtual time). */
  readonly createDurationMs?: number;
  /** How long a snapshot delete takes. */
  readonly deleteDurationMs?: number;
  /** How long a Premium SSD v2 / Ultra snapshot reports completionPercent < 100 after creation. */
  readonly backgroundCopyDurationMs?: number;
  /** Resource Graph misses resources created less than this long ago (it is eventually consistent). */
  readonly resourceGraphLagMs?: number;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

export interface SimulatedOperation {
  readonly id: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly method: 'PUT' | 'DELETE' | 'PATCH';
  readonly resourceId: string;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly outcome: 'Succeeded' | 'Failed';
  readonly error?: { code: string; message: string };
}

export interface SnapshotRequest {
  readonly location?: unknown;
  readonly zones?: unknown;
  readonly tags?: unknown;
  readonly sku?: unknown;
  readonly properties?: unknown;
}

/** Azure's snapshot and disk name rule: 1–80 of [A-Za-z0-9_.-], first alphanumeric, last alphanumeric or `_`. */
const COMPUTE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
export const INCREMENTAL_WINDOW_MS = 5 * 60 * 1000;
export const INCREMENTAL_PER_WINDOW = 7;
export const INCREMENTAL_PER_DISK = 500;
const BACKGROUND_COPY_SKUS = new Set(['premiumv2_lrs', 'ultrassd_lrs']);

const lower = (value: string): string => value.toLowerCase();
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class SimulatedAzure {
  readonly clock: Clock;
  private readonly subscriptions = new Set<string>();
  private readonly groups = new Map<string, SimulatedResourceGroup>();
  private readonly resources = new Map<string, SimulatedResource>();
  /** Snapshot ids (lower-cased) by source disk uniqueId: the per-disk limits are checked without a scan. */
  private readonly snapshotsBySource = new Map<string, Set<string>>();
  private readonly operations = new Map<string, SimulatedOperation>();
  /** Creation instants of incremental snapshots per source disk (lower-cased id), for Azure's rate rule. */
  private readonly incrementalCreates = new Map<string, Date[]>();
  private readonly createDurationMs: number;
  private readonly deleteDurationMs: number;
  private readonly backgroundCopyDurationMs: number;
  readonly resourceGraphLagMs: number;
  /** Operations still to end Failed, and how (set by failNextOperations). */
  private pendingFailures: { method: SimulatedOperation['method']; code: string; message: string }[] = [];

  constructor(options: SimulatedAzureOptions) {
    this.clock = options.clock;
    this.createDurationMs = options.createDurationMs ?? 0;
    this.deleteDurationMs = options.deleteDurationMs ?? 0;
    this.backgroundCopyDurationMs = options.backgroundCopyDurationMs ?? 0;
    this.resourceGraphLagMs = options.resourceGraphLagMs ?? 0;
  }

  /** The next `count` long-running operations of `method` end Failed with this error. */
  failNextOperations(
    count: number,
    method: SimulatedOperation['method'],
    error: { code: string; message: string },
  ): void {
    for (let i = 0; i < count; i++) this.pendingFailures.push({ method, ...error });
  }

  /**
   * Someone else's snapshot takes a name first: a full snapshot of `otherDiskId`
   * named `name` in the resource group, without our tags.
   */
  squatSnapshotName(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
    otherDiskId: string,
  ): SimulatedSnapshot {
    const disk = this.find(otherDiskId);
    if (disk?.kind !== 'disk') throw new Error(`No simulated disk ${otherDiskId}.`);
    return this.putSnapshot(subscriptionId, resourceGroup, name, {
      location: disk.location,
      properties: { incremental: false, creationData: { createOption: 'Copy', sourceResourceId: disk.id } },
    }).snapshot;
  }

  /** A disk detached (or attached) outside our code. */
  setDiskState(id: string, diskState: string): void {
    const disk = this.find(id);
    if (disk?.kind !== 'disk') throw new Error(`No simulated disk ${id}.`);
    disk.diskState = diskState;
    if (diskState === 'Unattached') delete disk.managedBy;
  }

  /** Whether Resource Graph already sees the resource (created at least resourceGraphLagMs ago). */
  visibleToResourceGraph(resource: SimulatedResource): boolean {
    if (this.resourceGraphLagMs <= 0 || (resource.kind !== 'snapshot' && resource.kind !== 'disk'))
      return true;
    return this.clock.now().getTime() - resource.timeCreated.getTime() >= this.resourceGraphLagMs;
  }

  // ---- seeding ------------------------------------------------------------

  addSubscription(subscriptionId: string): void {
    this.subscriptions.add(lower(subscriptionId));
  }

  addResourceGroup(group: SimulatedResourceGroup): void {
    this.addSubscription(group.subscriptionId);
    this.groups.set(lower(`${group.subscriptionId}/${group.name}`), group);
  }

  addResource(resource: SimulatedResource): void {
    this.requireGroup(resource.subscriptionId, resource.resourceGroup);
    this.store(resource);
  }

  /** Removes a resource as if someone deleted it outside our code (a disk deleted mid-run). */
  removeResource(id: string): boolean {
    return this.drop(id);
  }

  // ---- reads --------------------------------------------------------------

  allResources(): SimulatedResource[] {
    return [...this.resources.values()];
  }

  subscriptionIds(): string[] {
    return [...this.subscriptions];
  }

  resourceGroupOf(subscriptionId: string, name: string): SimulatedResourceGroup | undefined {
    return this.groups.get(lower(`${subscriptionId}/${name}`));
  }

  find(id: string): SimulatedResource | undefined {
    return this.resources.get(lower(id));
  }

  getDisk(subscriptionId: string, resourceGroup: string, name: string): SimulatedDisk {
    this.requireGroup(subscriptionId, resourceGroup);
    const resource = this.find(resourceId(subscriptionId, resourceGroup, RESOURCE_TYPES.disk, name));
    if (resource?.kind !== 'disk') throw notFound(RESOURCE_TYPES.disk, name, resourceGroup);
    return resource;
  }

  listDisks(subscriptionId: string, resourceGroup?: string): SimulatedDisk[] {
    if (resourceGroup !== undefined) this.requireGroup(subscriptionId, resourceGroup);
    else this.requireSubscription(subscriptionId);
    return this.inScope(subscriptionId, resourceGroup).filter((r): r is SimulatedDisk => r.kind === 'disk');
  }

  getSnapshot(subscriptionId: string, resourceGroup: string, name: string): SimulatedSnapshot {
    this.requireGroup(subscriptionId, resourceGroup);
    const resource = this.find(resourceId(subscriptionId, resourceGroup, RESOURCE_TYPES.snapshot, name));
    if (resource?.kind !== 'snapshot') throw notFound(RESOURCE_TYPES.snapshot, name, resourceGroup);
    return resource;
  }

  listSnapshots(subscriptionId: string, resourceGroup?: string): SimulatedSnapshot[] {
    if (resourceGroup !== undefined) this.requireGroup(subscriptionId, resourceGroup);
    else this.requireSubscription(subscriptionId);
    return this.inScope(subscriptionId, resourceGroup).filter(
      (r): r is SimulatedSnapshot => r.kind === 'snapshot',
    );
  }

  getOperation(subscriptionId: string, operationId: string): SimulatedOperation {
    const operation = this.operations.get(operationId);
    if (operation === undefined || lower(operation.subscriptionId) !== lower(subscriptionId)) {
      throw new ArmError(404, 'NotFound', `Operation '${operationId}' was not found.`);
    }
    return operation;
  }

  operationStatus(operation: SimulatedOperation): OperationStatus {
    return this.clock.now() < operation.endTime ? 'InProgress' : operation.outcome;
  }

  // ---- snapshot writes ----------------------------------------------------

  /**
   * PUT a snapshot. Returns the operation and whether the snapshot was created
   * (201) or an existing one from the same source updated (200 semantics).
   */
  putSnapshot(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
    request: SnapshotRequest,
  ): { snapshot: SimulatedSnapshot; operation: SimulatedOperation; created: boolean } {
    this.requireGroup(subscriptionId, resourceGroup);
    requireComputeName(name, 'snapshot');
    const location = requireString(request.location, 'location');
    const properties = isRecord(request.properties) ? request.properties : {};
    const creationData = isRecord(properties.creationData) ? properties.creationData : {};
    const createOption = requireString(creationData.createOption, 'properties.creationData.createOption');
    if (createOption.toLowerCase() !== 'copy') {
      throw new ArmError(
        400,
        'InvalidParameter',
        `The simulator creates snapshots only with createOption 'Copy', not '${createOption}'.`,
      );
    }
    const sourceResourceId = requireString(
      creationData.sourceResourceId,
      'properties.creationData.sourceResourceId',
    );
    const incremental = properties.incremental === true;
    const tags = readTags(request.tags);
    const id = resourceId(subscriptionId, resourceGroup, RESOURCE_TYPES.snapshot, name);
    const source = this.find(sourceResourceId);
    if (source?.kind !== 'disk') {
      const parsed = parseResourceId(sourceResourceId);
      throw notFound(RESOURCE_TYPES.disk, parsed?.name ?? sourceResourceId, parsed?.resourceGroup ?? '');
    }

    const existing = this.find(id);
    if (existing?.kind === 'snapshot') {
      if (
        lower(existing.sourceResourceId) !== lower(source.id) ||
        existing.sourceUniqueId !== source.uniqueId
      ) {
        throw new ArmError(
          409,
          'PropertyChangeNotAllowed',
          `Changing property 'sourceResourceId' is not allowed for existing snapshot '${name}'.`,
        );
      }
      existing.tags = tags;
      return { snapshot: existing, operation: this.startOperation(existing, 'PUT', 0), created: false };
    }

    if (lower(location) !== lower(source.location)) {
      throw new ArmError(
        400,
        'BadRequest',
        `Snapshot location '${location}' differs from the source disk's location '${source.location}'; snapshots are created in the disk's region.`,
      );
    }
    if (incremental && lower(subscriptionId) !== lower(source.subscriptionId)) {
      throw new ArmError(
        400,
        'BadRequest',
        'Incremental snapshots must be created in the same subscription as the source disk.',
      );
    }
    const now = this.clock.now();
    if (incremental) this.checkIncrementalLimits(source, now);

    const readyAt = new Date(now.getTime() + this.createDurationMs);
    const backgroundCopy = incremental && BACKGROUND_COPY_SKUS.has(lower(source.sku));
    const sku =
      isRecord(request.sku) && typeof request.sku.name === 'string' ? request.sku.name : 'Standard_LRS';
    const snapshot: SimulatedSnapshot = {
      kind: 'snapshot',
      id,
      subscriptionId,
      resourceGroup: this.requireGroup(subscriptionId, resourceGroup).name,
      name,
      location: source.location,
      sourceResourceId: source.id,
      sourceUniqueId: source.uniqueId,
      incremental,
      sku: incremental ? 'Standard_ZRS' : sku,
      sizeGb: source.sizeGb,
      tags,
      uniqueId: randomUUID(),
      timeCreated: now,
      readyAt,
      copiedAt: backgroundCopy ? new Date(readyAt.getTime() + this.backgroundCopyDurationMs) : readyAt,
      ...(backgroundCopy ? { completionPercentAtStart: 0 } : {}),
    };
    this.store(snapshot);
    if (incremental) this.recordIncremental(source, now);
    return {
      snapshot,
      operation: this.startOperation(snapshot, 'PUT', this.createDurationMs),
      created: true,
    };
  }

  /** DELETE a snapshot; undefined when it does not exist (the caller answers 204). */
  deleteSnapshot(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
  ): SimulatedOperation | undefined {
    this.requireGroup(subscriptionId, resourceGroup);
    const id = resourceId(subscriptionId, resourceGroup, RESOURCE_TYPES.snapshot, name);
    const snapshot = this.find(id);
    if (snapshot?.kind !== 'snapshot') return undefined;
    // The resource disappears from GET and lists at once; the operation reports when the delete is done.
    this.drop(id);
    return this.startOperation(snapshot, 'DELETE', this.deleteDurationMs);
  }

  /** PATCH a snapshot's tags (what our code updates on an existing snapshot). */
  patchSnapshotTags(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
    tags: unknown,
  ): {
    snapshot: SimulatedSnapshot;
    operation: SimulatedOperation;
  } {
    const snapshot = this.getSnapshot(subscriptionId, resourceGroup, name);
    snapshot.tags = readTags(tags);
    return { snapshot, operation: this.startOperation(snapshot, 'PATCH', 0) };
  }

  // ---- disk writes (restore) -----------------------------------------------

  putDisk(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
    request: SnapshotRequest,
  ): { disk: SimulatedDisk; operation: SimulatedOperation; created: boolean } {
    const group = this.requireGroup(subscriptionId, resourceGroup);
    requireComputeName(name, 'disk');
    const location = requireString(request.location, 'location');
    const properties = isRecord(request.properties) ? request.properties : {};
    const creationData = isRecord(properties.creationData) ? properties.creationData : {};
    const createOption = requireString(creationData.createOption, 'properties.creationData.createOption');
    const id = resourceId(subscriptionId, resourceGroup, RESOURCE_TYPES.disk, name);
    const existing = this.find(id);
    if (existing?.kind === 'disk') {
      existing.tags = readTags(request.tags);
      return { disk: existing, operation: this.startOperation(existing, 'PUT', 0), created: false };
    }
    let sizeGb = typeof properties.diskSizeGB === 'number' ? properties.diskSizeGB : undefined;
    let sourceResourceId: string | undefined;
    if (createOption.toLowerCase() === 'copy') {
      sourceResourceId = requireString(
        creationData.sourceResourceId,
        'properties.creationData.sourceResourceId',
      );
      const source = this.find(sourceResourceId);
      if (source?.kind !== 'snapshot' && source?.kind !== 'disk') {
        const parsed = parseResourceId(sourceResourceId);
        throw notFound(
          RESOURCE_TYPES.snapshot,
          parsed?.name ?? sourceResourceId,
          parsed?.resourceGroup ?? '',
        );
      }
      if (lower(source.location) !== lower(location)) {
        throw new ArmError(
          400,
          'BadRequest',
          `The source '${source.name}' is in '${source.location}', not '${location}'.`,
        );
      }
      if (source.kind === 'snapshot' && this.clock.now() < source.copiedAt) {
        throw new ArmError(
          409,
          'OperationNotAllowed',
          `Snapshot '${source.name}' has not finished its background copy.`,
        );
      }
      sizeGb = Math.max(sizeGb ?? 0, source.sizeGb);
    } else if (createOption.toLowerCase() !== 'empty') {
      throw new ArmError(
        400,
        'InvalidParameter',
        `The simulator creates disks with createOption 'Copy' or 'Empty', not '${createOption}'.`,
      );
    }
    if (sizeGb === undefined)
      throw new ArmError(400, 'InvalidParameter', "An empty disk needs 'properties.diskSizeGB'.");
    const now = this.clock.now();
    const disk: SimulatedDisk = {
      kind: 'disk',
      id,
      subscriptionId,
      resourceGroup: group.name,
      name,
      location,
      sizeGb,
      sku: isRecord(request.sku) && typeof request.sku.name === 'string' ? request.sku.name : 'Premium_LRS',
      diskState: 'Unattached',
      ...(Array.isArray(request.zones) && typeof request.zones[0] === 'string'
        ? { zone: request.zones[0] }
        : {}),
      tags: readTags(request.tags),
      uniqueId: randomUUID(),
      timeCreated: now,
      readyAt: new Date(now.getTime() + this.createDurationMs),
      creationData: { createOption, ...(sourceResourceId === undefined ? {} : { sourceResourceId }) },
    };
    this.store(disk);
    return { disk, operation: this.startOperation(disk, 'PUT', this.createDurationMs), created: true };
  }

  /** completionPercent as Azure reports it for a background-copied snapshot. */
  completionPercent(snapshot: SimulatedSnapshot): number | undefined {
    if (snapshot.completionPercentAtStart === undefined) return undefined;
    const now = this.clock.now().getTime();
    if (now >= snapshot.copiedAt.getTime()) return 100;
    const span = snapshot.copiedAt.getTime() - snapshot.readyAt.getTime();
    const done = span <= 0 ? 1 : Math.max(0, now - snapshot.readyAt.getTime()) / span;
    return Math.floor(snapshot.completionPercentAtStart + (100 - snapshot.completionPercentAtStart) * done);
  }

  provisioningState(resource: { readyAt: Date; failed?: boolean }): string {
    if (this.clock.now() < resource.readyAt) return 'Creating';
    return resource.failed === true ? 'Failed' : 'Succeeded';
  }

  // ---- internals ------------------------------------------------------------

  private checkIncrementalLimits(disk: SimulatedDisk, now: Date): void {
    const existing = this.listSnapshotsOfDisk(disk);
    if (existing.filter((s) => s.incremental).length >= INCREMENTAL_PER_DISK) {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Disk '${disk.name}' already has the maximum of ${INCREMENTAL_PER_DISK} incremental snapshots.`,
      );
    }
    const recent = (this.incrementalCreates.get(lower(disk.id)) ?? []).filter(
      (at) => now.getTime() - at.getTime() < INCREMENTAL_WINDOW_MS,
    );
    if (recent.length >= INCREMENTAL_PER_WINDOW) {
      throw new ArmError(
        409,
        'OperationNotAllowed',
        `Disk '${disk.name}' already had ${INCREMENTAL_PER_WINDOW} incremental snapshots created in the last 5 minutes.`,
      );
    }
  }

  private recordIncremental(disk: SimulatedDisk, now: Date): void {
    const key = lower(disk.id);
    const recent = (this.incrementalCreates.get(key) ?? []).filter(
      (at) => now.getTime() - at.getTime() < INCREMENTAL_WINDOW_MS,
    );
    recent.push(now);
    this.incrementalCreates.set(key, recent);
  }

  private listSnapshotsOfDisk(disk: SimulatedDisk): SimulatedSnapshot[] {
    return [...(this.snapshotsBySource.get(disk.uniqueId) ?? [])]
      .map((id) => this.resources.get(id))
      .filter((r): r is SimulatedSnapshot => r?.kind === 'snapshot');
  }

  /** Every resource change goes through store/drop, which keep the per-disk snapshot index with it. */
  private store(resource: SimulatedResource): void {
    const key = lower(resource.id);
    this.drop(key);
    this.resources.set(key, resource);
    if (resource.kind !== 'snapshot') return;
    const ids = this.snapshotsBySource.get(resource.sourceUniqueId) ?? new Set<string>();
    ids.add(key);
    this.snapshotsBySource.set(resource.sourceUniqueId, ids);
  }

  private drop(id: string): boolean {
    const key = lower(id);
    const resource = this.resources.get(key);
    if (resource?.kind === 'snapshot') this.snapshotsBySource.get(resource.sourceUniqueId)?.delete(key);
    return this.resources.delete(key);
  }

  private startOperation(
    resource: SimulatedResource,
    method: SimulatedOperation['method'],
    durationMs: number,
  ): SimulatedOperation {
    const now = this.clock.now();
    const failureIndex = this.pendingFailures.findIndex((f) => f.method === method);
    const failure = failureIndex < 0 ? undefined : this.pendingFailures.splice(failureIndex, 1)[0];
    if (failure !== undefined && (resource.kind === 'snapshot' || resource.kind === 'disk'))
      resource.failed = true;
    const operation: SimulatedOperation = {
      id: randomUUID(),
      location: resource.location,
      subscriptionId: resource.subscriptionId,
      method,
      resourceId: resource.id,
      startTime: now,
      endTime: new Date(now.getTime() + durationMs),
      outcome: failure === undefined ? 'Succeeded' : 'Failed',
      ...(failure === undefined ? {} : { error: { code: failure.code, message: failure.message } }),
    };
    this.operations.set(operation.id, operation);
    return operation;
  }

  private inScope(subscriptionId: string, resourceGroup?: string): SimulatedResource[] {
    return this.allResources().filter(
      (r) =>
        lower(r.subscriptionId) === lower(subscriptionId) &&
        (resourceGroup === undefined || lower(r.resourceGroup) === lower(resourceGroup)),
    );
  }

  private requireSubscription(subscriptionId: string): void {
    if (!this.subscriptions.has(lower(subscriptionId))) throw subscriptionNotFound(subscriptionId);
  }

  private requireGroup(subscriptionId: string, resourceGroup: string): SimulatedResourceGroup {
    this.requireSubscription(subscriptionId);
    const group = this.resourceGroupOf(subscriptionId, resourceGroup);
    if (group === undefined) throw resourceGroupNotFound(resourceGroup);
    return group;
  }
}

function requireComputeName(name: string, what: string): void {
  if (!COMPUTE_NAME.test(name)) {
    throw new ArmError(
      400,
      'InvalidResourceName',
      `The ${what} name '${name}' is invalid: use 1 to 80 letters, digits, '_', '.' or '-', starting with a letter or digit and ending with a letter, digit or '_'.`,
    );
  }
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The value of parameter '${field}' is missing or not a string.`,
    );
  }
  return value;
}

function readTags(value: unknown): Tags {
  if (value === undefined || value === null) return {};
  if (!isRecord(value))
    throw new ArmError(400, 'InvalidParameter', "The value of parameter 'tags' is not an object.");
  const tags: Tags = {};
  const seen = new Set<string>();
  for (const [key, tagValue] of Object.entries(value)) {
    if (typeof tagValue !== 'string') {
      throw new ArmError(400, 'InvalidTagValue', `The value of tag '${key}' is not a string.`);
    }
    if (key.length > 512 || tagValue.length > 256) {
      throw new ArmError(
        400,
        'InvalidTagNameOrValue',
        `Tag '${key.slice(0, 40)}…' exceeds 512 characters (name) or 256 (value).`,
      );
    }
    if (seen.has(lower(key)))
      throw new ArmError(
        400,
        'InvalidTagNameOrValue',
        `Tag name '${key}' is repeated (names are case-insensitive).`,
      );
    seen.add(lower(key));
    tags[key] = tagValue;
  }
  if (Object.keys(tags).length > 50)
    throw new ArmError(400, 'TooManyTags', 'A resource can have at most 50 tags.');
  return tags;
}

/** Stable fake uniqueId for seeded disks, so fixtures give the same ids on every run. */
export function seededUniqueId(id: string): string {
  const hex = createHash('sha256').update(lower(id)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
