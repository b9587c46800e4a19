import {
  createSnapshot,
  TransientAzureError,
  type CreateSnapshotInput,
} from '../../src/activities/createSnapshot';
import { listBackupSnapshots } from '../../src/activities/listBackupSnapshots';
import { useAzureConnection } from '../../src/azure/azureContext';
import { LocalAzure } from '../../src/emulator/localAzure';
import { VirtualClock } from '../../src/runtime/clock';
import { BACKUP_RG, NODE_RG, SUB_A, smallFleet } from '../emulator/testFleet';

const diskId = (name: string) =>
  `/subscriptions/${SUB_A}/resourceGroups/${NODE_RG}/providers/Microsoft.Compute/disks/${name}`;
const task = (
  name: string,
  disk = 'pvc-a',
  change: Partial<CreateSnapshotInput> = {},
): CreateSnapshotInput => ({
  subscriptionId: SUB_A,
  resourceGroup: BACKUP_RG,
  name,
  location: 'westeurope',
  sourceDiskId: diskId(disk),
  incremental: true,
  tags: {
    aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
    aksSnapshotBackupSlot: '2026-11-24T23:00:00.000Z',
  },
  ...change,
});

let local: LocalAzure;

beforeEach(async () => {
  local = await LocalAzure.start({
    fixture: smallFleet(),
    clock: new VirtualClock(new Date('2026-11-25T00:00:00Z')),
    catalogTableName: 'akssnapshotbackup',
    createDurationMs: 60_000,
  });
  useAzureConnection(local.connection());
});
afterEach(async () => {
  await local.stop();
});

describe('createSnapshot activity', () => {
  it('sends one PUT and does not wait on the long-running operation', async () => {
    const before = local.arm.requestLog.length;
    expect(await createSnapshot(task('pvc-a-2026-11-25T12-00AM'))).toEqual({ outcome: 'submitted' });
    expect(local.arm.requestLog.slice(before).map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 201']);
    const snapshot = local.azure.getSnapshot(SUB_A, BACKUP_RG, 'pvc-a-2026-11-25T12-00AM');
    expect(snapshot.tags.aksSnapshotBackupManagedBy).toBe('aks-snapshot-backup');
    expect(local.azure.provisioningState(snapshot)).toBe('Creating');
  });

  it('succeeds again on a rerun of the same name from the same disk', async () => {
    await createSnapshot(task('pvc-a-2026-11-25T12-00AM'));
    expect(await createSnapshot(task('pvc-a-2026-11-25T12-00AM'))).toEqual({ outcome: 'submitted' });
    expect(local.azure.listSnapshots(SUB_A, BACKUP_RG)).toHaveLength(1);
  });

  it('records a disk deleted before its snapshot as a permanent failure', async () => {
    local.azure.removeResource(diskId('pvc-b'));
    const result = await createSnapshot(task('pvc-b-2026-11-25T12-00AM', 'pvc-b'));
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.outcome === 'failed' && result.reason).toMatch(
      /^404 ResourceNotFound: The Resource 'Microsoft.Compute\/disks\/pvc-b'/,
    );
  });

  it('records a name squatted by a snapshot of another disk as a permanent conflict', async () => {
    await createSnapshot(task('squatted', 'pvc-b'));
    const result = await createSnapshot(task('squatted', 'pvc-a'));
    expect(result).toMatchObject({ outcome: 'failed' });
    expect(result.outcome === 'failed' && result.reason).toMatch(/^409 PropertyChangeNotAllowed/);
  });

  it('records a missing backup resource group as a clear failure', async () => {
    const result = await createSnapshot(task('x', 'pvc-a', { resourceGroup: 'no-such-backup-group' }));
    expect(result).toEqual({
      outcome: 'failed',
      reason: "404 ResourceGroupNotFound: Resource group 'no-such-backup-group' could not be found.",
    });
  });

  it('hands a 429 back with its Retry-After at once instead of sleeping inside the SDK', async () => {
    local.arm.injectFault(
      { method: 'PUT' },
      { type: 'status', status: 429, code: 'TooManyRequests', retryAfterSeconds: 1200 },
    );
    const started = Date.now();
    expect(await createSnapshot(task('throttled'))).toEqual({
      outcome: 'throttled',
      retryAfterMs: 1_200_000,
      reason: '429 TooManyRequests: Injected fault 429 TooManyRequests.',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('throws a transient failure for the orchestrator to retry', async () => {
    local.arm.injectFault({ method: 'PUT' }, { type: 'status', status: 503, code: 'ServiceUnavailable' });
    await expect(createSnapshot(task('busy'))).rejects.toThrow(TransientAzureError);
    await expect(createSnapshot(task('busy'))).resolves.toEqual({ outcome: 'submitted' });
  });

  it('refuses malformed input naming the field', async () => {
    await expect(createSnapshot({ ...task('x'), incremental: 'yes' })).rejects.toThrow('incremental');
  });
});

describe('listBackupSnapshots activity', () => {
  it('lists a backup resource group in one request per page with sources and states', async () => {
    await createSnapshot(task('s1', 'pvc-a'));
    await createSnapshot(task('s2', 'pvc-b'));
    const before = local.arm.requestLog.length;
    const result = await listBackupSnapshots({ subscriptionId: SUB_A, resourceGroup: BACKUP_RG });
    expect(local.arm.requestLog.length - before).toBe(1);
    expect(result.outcome).toBe('ok');
    const snapshots = result.outcome === 'ok' ? result.value : [];
    expect(snapshots.map((s) => [s.name, s.sourceResourceId, s.provisioningState])).toEqual([
      ['s1', diskId('pvc-a'), 'Creating'],
      ['s2', diskId('pvc-b'), 'Creating'],
    ]);
    expect(snapshots[0]?.timeCreated).toBe('2026-11-25T00:00:00.000Z');
  });

  it('reports a missing backup resource group as failed', async () => {
    expect(await listBackupSnapshots({ subscriptionId: SUB_A, resourceGroup: 'nope' })).toMatchObject({
      outcome: 'failed',
    });
  });
});
