import { request } from 'node:https';
import { computeClient, type AzureConnection } from '../../src/azure/azureConnection';
import { LocalAzure } from '../../src/emulator/localAzure';
import { VIRTUAL_TIME_HEADER, virtualTimePolicy, virtualTimeOf } from '../../src/emulator/virtualTimeHeader';
import { VirtualClock } from '../../src/runtime/clock';
import { BACKUP_RG, NODE_RG, SUB_A, smallFleet } from './testFleet';

// The emulation's clock and the caller's are two objects here, as they are two processes in the benchmark.
let emulationClock: VirtualClock;
let callerClock: VirtualClock;
let local: LocalAzure;
let connection: AzureConnection;

beforeAll(async () => {
  emulationClock = new VirtualClock(new Date('2026-11-25T00:00:00Z'));
  callerClock = new VirtualClock(new Date('2026-11-25T00:00:00Z'));
  local = await LocalAzure.start({
    fixture: smallFleet(),
    clock: emulationClock,
    catalogTableName: 'akssnapshotbackup',
    createDurationMs: 20_000,
    followVirtualTime: (instant) => {
      emulationClock.advanceTo(instant);
    },
  });
  connection = { ...local.connection(), additionalPolicies: [virtualTimePolicy(callerClock)] };
});
afterAll(async () => {
  await local.stop();
});

describe('virtual time carried per request', () => {
  it("finishes a snapshot creation on the caller's clock, not on its own", async () => {
    const compute = computeClient(connection, SUB_A, { maxRetries: 0 });
    const source = `/subscriptions/${SUB_A}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/disks/pvc-a`;
    await compute.snapshots
      .createOrUpdate(BACKUP_RG, 'pvc-a-follow', {
        location: 'westeurope',
        incremental: true,
        creationData: { createOption: 'Copy', sourceResourceId: source },
      })
      .submitted();
    expect((await compute.snapshots.get(BACKUP_RG, 'pvc-a-follow')).provisioningState).not.toBe('Succeeded');
    callerClock.advanceBy(21_000);
    expect((await compute.snapshots.get(BACKUP_RG, 'pvc-a-follow')).provisioningState).toBe('Succeeded');
    expect(emulationClock.now().toISOString()).toBe('2026-11-25T00:00:21.000Z');
  });

  it('answers 400 naming a header that is not an instant', async () => {
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = request(
        `${local.arm.endpoint}/subscriptions/${SUB_A}?api-version=2022-12-01`,
        { ca: local.arm.certificateAuthority, headers: { [VIRTUAL_TIME_HEADER]: 'yesterday' } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode, body });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(answer).toEqual({
      status: 400,
      body: "x-emulator-virtual-time must be an ISO instant such as 2026-11-25T00:00:00.000Z, not 'yesterday'.",
    });
  });

  it('reads no instant from a request without the header', () => {
    expect(virtualTimeOf(undefined)).toBeUndefined();
  });
});
