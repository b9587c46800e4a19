import { emulationFigures } from '../../src/bench/emulationFigures';
import type { RequestLogEntry } from '../../src/emulator/arm/armSimulator';
import type { SimulatedResource } from '../../src/emulator/arm/simulatedResources';

const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 0, 0, second));
const entry = (method: string, status: number, second: number): RequestLogEntry => ({
  at: at(second),
  method,
  path: '/x',
  status,
  policies: [],
});
const disk = (subscriptionId: string, location: string, name: string) =>
  ({ kind: 'disk', subscriptionId, location, name, id: name }) as unknown as SimulatedResource;
const snapshot = (sourceUniqueId: string, slot: string) =>
  ({
    kind: 'snapshot',
    sourceUniqueId,
    name: slot,
    tags: { aksSnapshotBackupSlot: slot },
  }) as unknown as SimulatedResource;

describe('emulationFigures', () => {
  const log = [
    entry('PUT', 201, 1),
    entry('PUT', 429, 2),
    entry('GET', 200, 3),
    entry('POST', 200, 4),
    entry('DELETE', 202, 5),
    entry('PUT', 200, 6),
  ];
  const resources = [
    disk('sub-a', 'westeurope', 'd1'),
    disk('sub-a', 'northeurope', 'd2'),
    disk('sub-a', 'westeurope', 'd3'),
    snapshot('u1', 'night1'),
    snapshot('u1', 'night1'),
    snapshot('u1', 'night2'),
  ];
  const options = { subscriptionIds: ['SUB-A', 'sub-b'], tableRequests: 7, peakRssMb: 99 };

  it('counts answered requests by kind and throttled ones apart', () => {
    expect(emulationFigures(log, resources, { ...options, cleaning: false })).toMatchObject({
      writes: 2,
      deletes: 1,
      reads: 2,
      throttled: 1,
    });
  });

  it('times the write phase by the last PUT when backing up, by the last DELETE when cleaning', () => {
    expect(emulationFigures(log, resources, { ...options, cleaning: false }).lastWriteAtMs).toBe(
      at(6).getTime(),
    );
    expect(emulationFigures(log, resources, { ...options, cleaning: true }).lastWriteAtMs).toBe(
      at(5).getTime(),
    );
  });

  it('finds one disk and slot with two snapshots, and the fleet per subscription and region', () => {
    expect(emulationFigures(log, resources, { ...options, cleaning: false })).toMatchObject({
      duplicateSnapshots: 1,
      disksPerSubscription: [3, 0],
      disksPerGroup: [2, 1],
    });
  });
});
