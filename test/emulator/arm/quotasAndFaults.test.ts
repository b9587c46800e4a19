import { TableClient } from '@azure/data-tables';
import { computeClient, resourceGraphClient } from '../../../src/azure/azureConnection';
import { LocalAzure, type LocalAzureOptions } from '../../../src/emulator/localAzure';
import { azureQuotas, unlimitedQuotas } from '../../../src/emulator/quota/quotaModel';
import { VirtualClock } from '../../../src/runtime/clock';
import { BACKUP_RG, NODE_RG, SUB_A, smallFleet } from '../testFleet';

const diskId = (name: string) =>
  `/subscriptions/${SUB_A}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/disks/${name}`;
const body = (disk = 'pvc-a') => ({
  location: 'westeurope',
  incremental: false,
  creationData: { createOption: 'Copy' as const, sourceResourceId: diskId(disk) },
});

let local: LocalAzure;
let clock: VirtualClock;

async function start(options: Partial<LocalAzureOptions> = {}): Promise<LocalAzure> {
  clock = new VirtualClock(new Date('2026-11-25T00:00:00Z'));
  local = await LocalAzure.start({
    fixture: smallFleet(),
    clock,
    catalogTableName: 'akssnapshotbackup',
    ...options,
  });
  return local;
}
afterEach(async () => {
  await local.stop();
});

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    const e = error as {
      statusCode?: number;
      code?: string;
      response?: { headers: { get(name: string): string | undefined } };
    };
    return {
      statusCode: e.statusCode,
      code: e.code,
      retryAfter: e.response?.headers.get('retry-after'),
      remaining:
        e.response?.headers.get('x-ms-ratelimit-remaining-resource') ??
        e.response?.headers.get('x-ms-ratelimit-remaining-subscription-writes'),
    };
  }
  throw new Error('expected a failure');
};

describe('quotas over HTTP', () => {
  it('throttles ARM writes with 429, Retry-After and the remaining header, and refills on the virtual clock', async () => {
    await start({
      quotas: {
        ...unlimitedQuotas(),
        arm: { reads: undefined, writes: { capacity: 3, windowMs: 30_000 }, deletes: undefined },
      },
    });
    const compute = computeClient(local.connection(), SUB_A, { maxRetries: 0 });
    for (let i = 0; i < 3; i++)
      await compute.snapshots.createOrUpdate(BACKUP_RG, `s${i}`, body()).submitted();
    expect(await failure(compute.snapshots.createOrUpdate(BACKUP_RG, 's3', body()).submitted())).toEqual({
      statusCode: 429,
      code: 'SubscriptionRequestsThrottled',
      retryAfter: '10',
      remaining: '0',
    });
    clock.advanceBy(10_000);
    await expect(
      compute.snapshots.createOrUpdate(BACKUP_RG, 's3', body()).submitted(),
    ).resolves.toBeUndefined();
    const log = local.arm.requestLog.filter((r) => r.method === 'PUT');
    expect(log.map((r) => r.status)).toEqual([201, 201, 201, 429, 201]);
    expect(log[3]?.policies).toEqual(['x-ms-ratelimit-remaining-subscription-writes']);
    expect(log[0]?.policies).toEqual([
      'arm/writes/00000000-0000-0000-0000-00000000000a/' + log[0]!.policies[0]!.split('/')[3]!,
    ]);
  });

  it('throttles snapshot creates by Compute’s policy for the region with its own code and header', async () => {
    await start({
      quotas: {
        ...unlimitedQuotas(),
        compute: {
          ...unlimitedQuotas().compute,
          HighCostSnapshotCreateHydrate: [{ suffix: '3Min', limit: { capacity: 2, windowMs: 180_000 } }],
        },
      },
    });
    const compute = computeClient(local.connection(), SUB_A, { maxRetries: 0 });
    await compute.snapshots.createOrUpdate(BACKUP_RG, 'a', body()).submitted();
    await compute.snapshots.createOrUpdate(BACKUP_RG, 'b', body()).submitted();
    expect(await failure(compute.snapshots.createOrUpdate(BACKUP_RG, 'c', body()).submitted())).toEqual({
      statusCode: 429,
      code: 'OperationNotAllowed',
      retryAfter: '90',
      remaining: 'Microsoft.Compute/HighCostSnapshotCreateHydrate3Min;0',
    });
    expect(local.arm.requestLog.at(-1)?.policies).toEqual([
      'Microsoft.Compute/HighCostSnapshotCreateHydrate3Min',
    ]);
  });

  it('throttles Resource Graph at 15 queries per 5 seconds', async () => {
    await start({ quotas: azureQuotas() });
    const graph = resourceGraphClient(local.connection(), { maxRetries: 0 });
    const query = () => graph.resources({ query: 'Resources | project id', subscriptions: [SUB_A] });
    for (let i = 0; i < 15; i++) await query();
    expect(await failure(query())).toMatchObject({ statusCode: 429, code: 'RateLimiting', retryAfter: '1' });
  });

  it('counts requests per method, status and policy in the request log', async () => {
    await start({ quotas: azureQuotas() });
    const compute = computeClient(local.connection(), SUB_A);
    await compute.snapshots.createOrUpdate(BACKUP_RG, 'logged', body());
    const log = local.arm.requestLog.map(
      (r) =>
        `${r.method} ${r.status} ${r.policies.filter((p) => p.startsWith('Microsoft.Compute')).join('+')}`,
    );
    expect(log).toEqual([
      'PUT 201 Microsoft.Compute/HighCostSnapshotCreateHydrate3Min+Microsoft.Compute/HighCostSnapshotCreateHydrate30Min',
      'GET 200 Microsoft.Compute/GetOperation3Min+Microsoft.Compute/GetOperation30Min',
      'GET 200 Microsoft.Compute/LowCostGet3Min+Microsoft.Compute/LowCostGet30Min',
    ]);
    expect(local.arm.requestLog.every((r) => r.at.toISOString() === '2026-11-25T00:00:00.000Z')).toBe(true);
  });
});

describe('faults', () => {
  it('resets a connection without answering', async () => {
    await start();
    local.arm.injectFault({ method: 'GET', pathIncludes: '/snapshots' }, { type: 'reset' });
    const compute = computeClient(local.connection(), SUB_A, { maxRetries: 0 });
    const error = await failure(compute.snapshots.get(BACKUP_RG, 'x'));
    expect(error.statusCode).toBeUndefined();
    expect(local.arm.requestLog.at(-1)).toMatchObject({ status: 0, policies: ['fault:reset'] });
  });

  it('times a request out after the given real delay', async () => {
    await start();
    local.arm.injectFault({ method: 'GET' }, { type: 'timeout', afterMs: 50 });
    const started = Date.now();
    const error = await failure(
      computeClient(local.connection(), SUB_A, { maxRetries: 0 }).disks.get(NODE_RG, 'pvc-a'),
    );
    expect(error.statusCode).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('injects 500s and 503s by rate, reproducibly by seed', async () => {
    const statuses = async (seed: number): Promise<number[]> => {
      await start({ faultSeed: seed });
      local.arm.injectFaultRate(
        { method: 'GET', probability: 0.3 },
        { type: 'status', status: 500, code: 'InternalServerError' },
      );
      local.arm.injectFaultRate(
        { method: 'GET', probability: 0.2 },
        { type: 'status', status: 503, code: 'ServiceUnavailable' },
      );
      const compute = computeClient(local.connection(), SUB_A, { maxRetries: 0 });
      for (let i = 0; i < 60; i++) await compute.disks.get(NODE_RG, 'pvc-a').catch(() => undefined);
      const result = local.arm.requestLog.map((r) => r.status);
      await local.stop();
      return result;
    };
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(await statuses(8)).not.toEqual(first);
    expect(first.filter((s) => s === 500).length).toBeGreaterThan(4);
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(10);
    await start();
  });

  it('ends a long-running operation Failed', async () => {
    await start({ createDurationMs: 0 });
    local.azure.failNextOperations(1, 'PUT', { code: 'InternalDiskManagementError', message: 'copy failed' });
    const compute = computeClient(local.connection(), SUB_A);
    await expect(compute.snapshots.createOrUpdate(BACKUP_RG, 'doomed', body())).rejects.toThrow(
      'copy failed',
    );
    expect((await compute.snapshots.get(BACKUP_RG, 'doomed')).provisioningState).toBe('Failed');
  });

  it('detaches and deletes disks mid-run', async () => {
    await start();
    const compute = computeClient(local.connection(), SUB_A, { maxRetries: 0 });
    local.azure.setDiskState(diskId('pvc-a'), 'Unattached');
    expect((await compute.disks.get(NODE_RG, 'pvc-a')).diskState).toBe('Unattached');
    local.azure.removeResource(diskId('pvc-a'));
    expect(await failure(compute.disks.get(NODE_RG, 'pvc-a'))).toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('lets Resource Graph lag behind new snapshots', async () => {
    await start({ resourceGraphLagMs: 30_000 });
    await computeClient(local.connection(), SUB_A).snapshots.createOrUpdate(BACKUP_RG, 'fresh', body());
    const graph = resourceGraphClient(local.connection());
    const count = async () =>
      (
        await graph.resources({
          query: "Resources | where type =~ 'microsoft.compute/snapshots' | project id",
          subscriptions: [SUB_A],
        })
      ).count;
    expect(await count()).toBe(0);
    clock.advanceBy(30_000);
    expect(await count()).toBe(1);
  });

  it('makes Table storage unreachable for a window of virtual time', async () => {
    await start();
    const table = new TableClient(local.tableServiceUrl, 'gated', local.tables.credential, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    await table.createTable();
    local.tableGate.closeUntil(new Date(clock.now().getTime() + 60_000));
    await expect(table.createEntity({ partitionKey: 'p', rowKey: 'r' })).rejects.toThrow();
    clock.advanceBy(60_000);
    await expect(table.createEntity({ partitionKey: 'p', rowKey: 'r' })).resolves.toBeDefined();
  });
});

describe('changes mid-run', () => {
  it('runs an action right after the n-th request, e.g. deleting a disk between two snapshot PUTs', async () => {
    await start();
    const compute = computeClient(local.connection(), SUB_A, { maxRetries: 0 });
    local.arm.afterRequests(1, () => local.azure.removeResource(diskId('pvc-b')));
    await compute.snapshots.createOrUpdate(BACKUP_RG, 'first', body('pvc-a')).submitted();
    expect(
      await failure(compute.snapshots.createOrUpdate(BACKUP_RG, 'second', body('pvc-b')).submitted()),
    ).toMatchObject({
      statusCode: 404,
    });
  });

  it('squats a name with someone else’s snapshot', async () => {
    await start();
    local.azure.squatSnapshotName(SUB_A, BACKUP_RG, 'pvc-a-2026-11-25T12-00AM', diskId('pvc-b'));
    const compute = computeClient(local.connection(), SUB_A, { maxRetries: 0 });
    expect(
      await failure(
        compute.snapshots.createOrUpdate(BACKUP_RG, 'pvc-a-2026-11-25T12-00AM', body('pvc-a')).submitted(),
      ),
    ).toMatchObject({
      statusCode: 409,
      code: 'PropertyChangeNotAllowed',
    });
  });
});
