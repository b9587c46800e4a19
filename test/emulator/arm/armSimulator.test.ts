import { request } from 'node:https';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { computeClient } from '../../../src/azure/azureConnection';
import { LocalAzure } from '../../../src/emulator/localAzure';
import { VirtualClock } from '../../../src/runtime/clock';
import { BACKUP_RG, NODE_RG, SUB_A, SUB_B, smallFleet } from '../testFleet';

const diskId = (name: string, sub = SUB_A, rg = NODE_RG) =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/disks/${name}`;
const snapshotBody = (source: string, location = 'westeurope', incremental = true) => ({
  location,
  tags: { aksSnapshotBackupManagedBy: 'test' },
  incremental,
  creationData: { createOption: 'Copy' as const, sourceResourceId: source },
});

let local: LocalAzure;
let compute: ComputeManagementClient;

beforeAll(async () => {
  local = await LocalAzure.start({
    fixture: smallFleet(),
    clock: new VirtualClock(new Date('2026-11-25T00:00:00Z')),
    catalogTableName: 'akssnapshotbackup',
    armPageSize: 2,
  });
  compute = computeClient(local.connection(), SUB_A);
});
afterAll(async () => {
  await local.stop();
});

const errorOf = async (
  promise: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string; message: string }> => {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode?: number; code?: string; message: string };
  }
  throw new Error('expected the call to fail');
};

describe('ARM simulator with the real @azure/arm-compute client', () => {
  it('creates a snapshot through the long-running operation, then reads, lists and deletes it', async () => {
    const before = local.arm.requestLog.length;
    const created = await compute.snapshots.createOrUpdate(
      BACKUP_RG,
      'pvc-a-snap1',
      snapshotBody(diskId('pvc-a')),
    );
    const requests = local.arm.requestLog.slice(before).map((r) => `${r.method} ${r.status}`);
    // arm-compute 25 per snapshot when the operation is already done: the PUT, one poll of
    // Azure-AsyncOperation, one final GET of the snapshot (noted in the README).
    expect(requests).toEqual(['PUT 201', 'GET 200', 'GET 200']);
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.creationData?.sourceUniqueId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.incremental).toBe(true);

    const read = await compute.snapshots.get(BACKUP_RG, 'pvc-a-snap1');
    expect(read.tags).toEqual({ aksSnapshotBackupManagedBy: 'test' });

    await compute.snapshots.createOrUpdate(BACKUP_RG, 'pvc-a-snap2', snapshotBody(diskId('pvc-a')));
    await compute.snapshots.createOrUpdate(BACKUP_RG, 'pvc-b-snap1', snapshotBody(diskId('pvc-b')));
    const listed: string[] = [];
    for await (const snapshot of compute.snapshots.listByResourceGroup(BACKUP_RG))
      listed.push(snapshot.name ?? '');
    // Page size 2: the SDK followed nextLink.
    expect(listed.sort()).toEqual(['pvc-a-snap1', 'pvc-a-snap2', 'pvc-b-snap1']);

    await compute.snapshots.delete(BACKUP_RG, 'pvc-a-snap2');
    expect((await errorOf(compute.snapshots.get(BACKUP_RG, 'pvc-a-snap2'))).statusCode).toBe(404);
    // Deleting what is already gone answers 204, which the SDK treats as success.
    await expect(compute.snapshots.delete(BACKUP_RG, 'pvc-a-snap2')).resolves.toBeUndefined();
  });

  it('creates a disk from a snapshot (restore)', async () => {
    await compute.snapshots.createOrUpdate(BACKUP_RG, 'pvc-b-restore-src', snapshotBody(diskId('pvc-b')));
    const disk = await compute.disks.createOrUpdate(NODE_RG, 'pvc-b-restored', {
      location: 'westeurope',
      sku: { name: 'Premium_LRS' },
      creationData: {
        createOption: 'Copy',
        sourceResourceId: `/subscriptions/${SUB_A}/resourceGroups/${BACKUP_RG}/providers/Microsoft.Compute/snapshots/pvc-b-restore-src`,
      },
    });
    expect(disk.diskSizeGB).toBe(32);
    expect(disk.diskState).toBe('Unattached');
    const names: string[] = [];
    for await (const d of compute.disks.listByResourceGroup(NODE_RG)) names.push(d.name ?? '');
    expect(names).toContain('pvc-b-restored');
  });

  it('lists the disks of a subscription across resource groups', async () => {
    const names: string[] = [];
    for await (const d of compute.disks.list()) names.push(d.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['pvc-a', 'pvc-b', 'pvc-north']));
  });

  it('updates a same-name snapshot of the same source and refuses one from another source', async () => {
    await compute.snapshots.createOrUpdate(BACKUP_RG, 'same-name', snapshotBody(diskId('pvc-a')));
    const again = await compute.snapshots.createOrUpdate(BACKUP_RG, 'same-name', {
      ...snapshotBody(diskId('pvc-a')),
      tags: { second: 'put' },
    });
    expect(again.tags).toEqual({ second: 'put' });
    const conflict = await errorOf(
      compute.snapshots.createOrUpdate(BACKUP_RG, 'same-name', snapshotBody(diskId('pvc-b'))),
    );
    expect(conflict).toMatchObject({ statusCode: 409, code: 'PropertyChangeNotAllowed' });
  });

  it.each([
    ['a name over 80 characters', 'x'.repeat(81), diskId('pvc-a'), 'westeurope', 400, 'InvalidResourceName'],
    ['a name ending in a dot', 'snap.', diskId('pvc-a'), 'westeurope', 400, 'InvalidResourceName'],
    [
      'an incremental snapshot outside the disk region',
      'north-in-west',
      diskId('pvc-north'),
      'westeurope',
      400,
      'BadRequest',
    ],
    ['a missing source disk', 'ghost', diskId('pvc-gone'), 'westeurope', 404, 'ResourceNotFound'],
  ])('refuses %s', async (_case, name, source, location, status, code) => {
    expect(
      await errorOf(compute.snapshots.createOrUpdate(BACKUP_RG, name, snapshotBody(source, location))),
    ).toMatchObject({
      statusCode: status,
      code,
    });
  });

  it('refuses an incremental snapshot in another subscription than its disk', async () => {
    const other = computeClient(local.connection(), SUB_B);
    expect(
      await errorOf(other.snapshots.createOrUpdate(BACKUP_RG, 'cross-sub', snapshotBody(diskId('pvc-a')))),
    ).toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
    });
  });

  it('answers a missing resource group with ResourceGroupNotFound', async () => {
    expect(await errorOf(compute.snapshots.get('no-such-group', 'x'))).toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
  });

  it('requires api-version and a bearer token, with ARM error bodies', async () => {
    const url = `${local.arm.endpoint}/subscriptions/${SUB_A}/providers/Microsoft.Compute/disks`;
    const get = (headers: Record<string, string>, path: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const req = request(path, { headers, ca: local.arm.certificateAuthority }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
          });
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get({ authorization: 'Bearer x' }, url)).toEqual({
      status: 400,
      body: {
        error: {
          code: 'MissingApiVersionParameter',
          message: 'The api-version query parameter (?api-version=) is required for all requests.',
        },
      },
    });
    expect((await get({}, `${url}?api-version=2024-03-02`)).status).toBe(401);
  });
});
