/**
 * What a benchmark case reads off the emulated Azure: requests by kind from
 * the simulator's request log, duplicates and fleet shape from its resources.
 * Pure over what it is given, so it runs wherever the emulation lives.
 */
import type { RequestLogEntry } from '../emulator/arm/armSimulator';
import type { SimulatedResource } from '../emulator/arm/simulatedResources';
import type { EmulationFigures } from './emulationProtocol';

export function emulationFigures(
  log: readonly RequestLogEntry[],
  resources: readonly SimulatedResource[],
  options: {
    readonly cleaning: boolean;
    readonly subscriptionIds: readonly string[];
    readonly tableRequests: number;
    readonly peakRssMb: number;
  },
): EmulationFigures {
  const answered = log.filter((r) => r.status !== 429);
  const writes = answered.filter((r) => r.method === 'PUT' || r.method === 'PATCH');
  const deletes = answered.filter((r) => r.method === 'DELETE');
  const lastWrite = (options.cleaning ? deletes : writes).at(-1);
  const perSlot = new Map<string, number>();
  const perSubscription = new Map(options.subscriptionIds.map((id) => [id.toLowerCase(), 0]));
  const perGroup = new Map<string, number>();
  for (const resource of resources) {
    if (resource.kind === 'snapshot') {
      const key = `${resource.sourceUniqueId}|${resource.tags.aksSnapshotBackupSlot ?? resource.name}`;
      perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
    } else if (resource.kind === 'disk') {
      const subscription = resource.subscriptionId.toLowerCase();
      perSubscription.set(subscription, (perSubscription.get(subscription) ?? 0) + 1);
      const group = `${subscription}|${resource.location.toLowerCase()}`;
      perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
    }
  }
  return {
    writes: writes.length,
    deletes: deletes.length,
    reads: answered.filter((r) => r.method === 'GET' || r.method === 'POST').length,
    throttled: log.length - answered.length,
    ...(lastWrite === undefined ? {} : { lastWriteAtMs: lastWrite.at.getTime() }),
    duplicateSnapshots: [...perSlot.values()].filter((count) => count > 1).length,
    disksPerSubscription: [...perSubscription.values()],
    disksPerGroup: [...perGroup.values()],
    tableRequests: options.tableRequests,
    peakRssMb: options.peakRssMb,
  };
}
