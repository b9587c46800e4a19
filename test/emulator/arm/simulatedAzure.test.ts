import { ArmError } from '../../../src/emulator/arm/armError';
import { SimulatedAzure } from '../../../src/emulator/arm/simulatedAzure';
import { parseFixture, seedFixture } from '../../../src/emulator/fixture/loadFixture';
import { VirtualClock } from '../../../src/runtime/clock';
import { BACKUP_RG, NODE_RG, SUB_A, smallFleet } from '../testFleet';

const diskId = `/subscriptions/${SUB_A}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/disks/pvc-a`;
const request = (incremental = true) => ({
  location: 'westeurope',
  properties: { incremental, creationData: { createOption: 'Copy', sourceResourceId: diskId } },
});

function newAzure(options: { createDurationMs?: number } = {}): {
  azure: SimulatedAzure;
  clock: VirtualClock;
} {
  const clock = new VirtualClock(new Date('2026-11-25T00:00:00Z'));
  const azure = new SimulatedAzure({ clock, ...options });
  seedFixture(azure, parseFixture(JSON.stringify(smallFleet()), 'fleet'));
  return { azure, clock };
}

const codeOf = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    if (error instanceof ArmError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'ok';
};

describe('SimulatedAzure snapshot rules', () => {
  it('allows 7 incremental snapshots of a disk per 5 minutes, then refuses until the window moves', () => {
    const { azure, clock } = newAzure();
    for (let i = 0; i < 7; i++)
      expect(codeOf(() => azure.putSnapshot(SUB_A, BACKUP_RG, `s${i}`, request()))).toBe('ok');
    expect(codeOf(() => azure.putSnapshot(SUB_A, BACKUP_RG, 's7', request()))).toBe(
      '409 OperationNotAllowed',
    );
    clock.advanceBy(5 * 60 * 1000);
    expect(codeOf(() => azure.putSnapshot(SUB_A, BACKUP_RG, 's7', request()))).toBe('ok');
  });

  it('does not count full snapshots against the incremental limits', () => {
    const { azure } = newAzure();
    for (let i = 0; i < 9; i++)
      expect(codeOf(() => azure.putSnapshot(SUB_A, BACKUP_RG, `full${i}`, request(false)))).toBe('ok');
  });

  it('refuses the 501st incremental snapshot of a disk', () => {
    const { azure, clock } = newAzure();
    for (let i = 0; i < 500; i++) {
      if (i % 7 === 0) clock.advanceBy(5 * 60 * 1000);
      azure.putSnapshot(SUB_A, BACKUP_RG, `s${i}`, request());
    }
    clock.advanceBy(5 * 60 * 1000);
    expect(codeOf(() => azure.putSnapshot(SUB_A, BACKUP_RG, 's500', request()))).toBe(
      '409 OperationNotAllowed',
    );
  });

  it('reports a create as Creating until its duration has passed on the clock', () => {
    const { azure, clock } = newAzure({ createDurationMs: 30_000 });
    const { snapshot, operation } = azure.putSnapshot(SUB_A, BACKUP_RG, 'slow', request());
    expect(azure.provisioningState(snapshot)).toBe('Creating');
    expect(azure.operationStatus(operation)).toBe('InProgress');
    clock.advanceBy(30_000);
    expect(azure.provisioningState(snapshot)).toBe('Succeeded');
    expect(azure.operationStatus(operation)).toBe('Succeeded');
  });

  it('stamps timeCreated from the clock', () => {
    const { azure } = newAzure();
    expect(azure.putSnapshot(SUB_A, BACKUP_RG, 'stamped', request()).snapshot.timeCreated.toISOString()).toBe(
      '2026-11-25T00:00:00.000Z',
    );
  });
});
