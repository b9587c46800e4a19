import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Fixture } from '../../src/emulator/fixture/fixtureSchema';
import { runCli as cli, startEmulatorProcess, type RunningEmulator } from '../support/cliProcess';

const SUB_A = '00000000-0000-0000-0000-0000000000a1';
const SUB_B = '00000000-0000-0000-0000-0000000000b1';

const disk = (name: string, tags: Record<string, string>, zone?: '1' | '2' | '3') => ({
  name,
  location: 'westeurope',
  sizeGb: 64,
  sku: 'Premium_ZRS' as const,
  diskState: 'Attached' as const,
  ...(zone === undefined ? {} : { zone }),
  tags: {
    'kubernetes.io-created-for-pvc-namespace': 'shop',
    'kubernetes.io-created-for-pvc-name': `data-${name}`,
    ...tags,
  },
});

/** One disk per attention case, plus a zonal and a regional disk to restore. */
const fixture: Fixture = {
  subscriptions: [
    {
      id: SUB_A,
      resourceGroups: [
        {
          name: 'MC_ops',
          location: 'westeurope',
          disks: [
            disk('pvc-zonal', { aksSnapshotBackupEnabled: 'true' }, '2'),
            disk('pvc-regional', { aksSnapshotBackupEnabled: 'true' }),
            disk('pvc-typo', { aksSnapshotBackupEnabled: 'yes' }),
            disk('pvc-badretention', { aksSnapshotBackupEnabled: 'true', retentionTime: '7d' }),
          ],
          snapshots: [],
          storageAccounts: [],
          resources: [],
        },
        {
          name: 'aks-snapshot-backup',
          location: 'westeurope',
          disks: [],
          snapshots: [
            {
              name: 'foreign',
              location: 'westeurope',
              sourceDisk: 'pvc-zonal',
              sourceResourceGroup: 'MC_ops',
              incremental: false,
              tags: {},
            },
            {
              name: 'pvc-regional-copying',
              location: 'westeurope',
              sourceDisk: 'pvc-regional',
              sourceResourceGroup: 'MC_ops',
              incremental: true,
              completionPercent: 30,
              timeCreated: '2026-11-24T23:00:00Z',
              tags: {
                aksSnapshotBackupManagedBy: 'aks-snapshot-backup',
                aksSnapshotBackupSlot: '2026-11-23T23:00:00.000Z',
                aksSnapshotBackupExpiresOn: '2026-12-30T00:00:00.000Z',
              },
            },
          ],
          storageAccounts: [
            {
              name: 'opscatalog',
              location: 'westeurope',
              tags: { aksSnapshotBackupDatabase: 'tableStorage' },
            },
          ],
          resources: [],
        },
      ],
    },
    {
      id: SUB_B,
      // No backup resource group here: this disk's backups fail.
      resourceGroups: [
        {
          name: 'MC_other',
          location: 'westeurope',
          disks: [disk('pvc-orphan', { aksSnapshotBackupEnabled: 'true' })],
          snapshots: [],
          storageAccounts: [],
          resources: [],
        },
      ],
    },
  ],
  catalog: [],
};

let emulator: RunningEmulator;
const env: Record<string, string> = { SCHEDULE_TIME_ZONE: 'Europe/Berlin' };

beforeAll(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ops-fixture-')), 'fleet.json');
  writeFileSync(file, JSON.stringify(fixture));
  emulator = await startEmulatorProcess(['--fixture', file]);
  Object.assign(env, emulator.env);
  const backup = cli(['backup', '--slot', '2026-11-24T23:00:00Z', '-o', 'json'], env);
  expect(backup.status).toBe(1);
}, 60_000);

afterAll(async () => {
  await emulator.stop();
});

interface Manifest {
  metadata?: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

interface Health {
  diskName: string;
  attention: string[];
  lastFailure?: { message: string };
}

describe('status', () => {
  it('flags each disk that needs attention and exits 1', () => {
    const result = cli(['status', '--now', '2026-11-25T01:00:00Z', '-o', 'json'], env);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { disks: Health[]; needsAttention: number };
    const byName = Object.fromEntries(report.disks.map((d) => [d.diskName, d.attention]));
    expect(byName).toEqual({
      'pvc-zonal': [],
      'pvc-regional': ['incomplete-snapshot'],
      'pvc-typo': ['value-not-understood'],
      'pvc-badretention': ['retention-warning'],
      'pvc-orphan': ['never-backed-up', 'last-run-failed'],
    });
    expect(report.disks.find((d) => d.diskName === 'pvc-orphan')?.lastFailure?.message).toContain(
      "the backup resource group 'aks-snapshot-backup' does not exist",
    );
  });

  it('reports a missed slot when the newest snapshot is older than the schedule allows', () => {
    const result = cli(['status', '--now', '2026-11-27T12:00:00Z', '-o', 'json'], env);
    const report = JSON.parse(result.stdout) as { disks: Health[] };
    expect(report.disks.find((d) => d.diskName === 'pvc-zonal')?.attention).toEqual(['missed-slot']);
  });
});

describe('restore', () => {
  const restore = (args: string[]) => cli(['restore', '--now', '2026-11-25T09:30:00Z', ...args], env);

  it('creates a zonal disk and prints a PV pinned to its zone and a PVC bound to it', () => {
    const result = restore(['--snapshot', 'pvc-zonal-2026-11-25T12-00AM']);
    expect(result.status).toBe(0);
    const [pv, pvc] = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as Manifest);
    const diskId = `/subscriptions/${SUB_A}/resourceGroups/MC_ops/providers/Microsoft.Compute/disks/data-pvc-zonal-restored-202611250930`;
    expect(pv).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: 'data-pvc-zonal-restored-202611250930',
        labels: { 'app.kubernetes.io/managed-by': 'aks-snapshot-backup' },
      },
      spec: {
        capacity: { storage: '64Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        csi: { driver: 'disk.csi.azure.com', volumeHandle: diskId, fsType: 'ext4' },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'topology.disk.csi.azure.com/zone', operator: 'In', values: ['westeurope-2'] },
                ],
              },
            ],
          },
        },
      },
    });
    expect(pvc).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-pvc-zonal-restored', namespace: 'shop' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: '',
        volumeName: 'data-pvc-zonal-restored-202611250930',
        resources: { requests: { storage: '64Gi' } },
      },
    });
  });

  it('prints a regional disk without zone affinity, and only plans in a dry run', () => {
    const result = restore([
      '--snapshot',
      'pvc-regional-2026-11-25T12-00AM',
      '--dry-run',
      '--claim',
      'data-back',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('# would create disk');
    const [pv, pvc] = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as Manifest);
    expect(pv?.spec?.nodeAffinity).toBeUndefined();
    expect(pvc?.metadata).toEqual({ name: 'data-back', namespace: 'shop' });
  });

  it.each([
    ['a missing snapshot', 'no-such-snapshot', 'error: snapshot "no-such-snapshot" not found'],
    [
      'a snapshot that is not ours',
      `/subscriptions/${SUB_A}/resourceGroups/aks-snapshot-backup/providers/Microsoft.Compute/snapshots/foreign`,
      'is not one of ours (no aksSnapshotBackupManagedBy tag)',
    ],
  ])('refuses %s with a clear error', (_case, snapshot, message) => {
    const result = restore(['--snapshot', snapshot]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
