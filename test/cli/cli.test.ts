import { runCli as cli, startEmulatorProcess, type RunningEmulator } from '../support/cliProcess';

describe('aks-snapshot-backup (usage errors)', () => {
  it('prints help and exits 0', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('backup [options]');
  });

  it.each([
    [['backup', '--bogus'], "error: unknown option '--bogus'"],
    [
      ['backup', '--slot', '2026-13-45'],
      'error: --slot "2026-13-45" is not a time: expected ISO 8601 with a zone, e.g. 2026-11-24T23:00:00Z',
    ],
    [['backup', '--slot', '2026-11-24 23:00'], 'error: --slot "2026-11-24 23:00" is not a time'],
    [['list', '--pvc', 'just-a-name'], 'error: --pvc "just-a-name" is not namespace/name'],
    [['backup', '-o', 'yaml'], "error: option '-o, --output <format>' argument 'yaml' is invalid"],
    [
      ['cleanup'],
      'error: cleanup changes or deletes things: pass --yes to go ahead, or --dry-run to see the plan first',
    ],
    [['emulator', '--speed', '0'], 'error: --speed "0" is not a positive number'],
  ])('%j exits 2 with one clear line', (args, message) => {
    const result = cli(args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it('names a bad setting from the environment', () => {
    const result = cli(['backup', '--dry-run'], { DEFAULT_RETENTION_DAYS: 'seven' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DEFAULT_RETENTION_DAYS="seven"');
  });
});

describe('aks-snapshot-backup against the emulator', () => {
  let emulator: RunningEmulator;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startEmulatorProcess();
    env = emulator.env;
  }, 40_000);

  afterAll(async () => {
    await emulator.stop();
  });

  it('prints the settings that point the other commands at it', () => {
    expect(Object.keys(env).sort()).toEqual(['ARM_CA_FILE', 'ARM_ENDPOINT', 'TABLE_ENDPOINT']);
    expect(env.ARM_ENDPOINT).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('backs up for a slot with stable JSON, lists the catalog, and plans a cleanup', () => {
    const backup = cli(['backup', '--slot', '2026-11-24T23:00:00Z', '-o', 'json'], env);
    expect(backup.status).toBe(0);
    const summary = JSON.parse(backup.stdout) as { runId: string; counts: Record<string, number> };
    expect(summary.runId).toBe('backup-20261124T2300Z');
    expect(summary.counts).toMatchObject({ created: 30, failed: 0, notUnderstood: 2 });

    const list = cli(['list', '--pvc', 'orders/data-postgres-0', '-o', 'json'], env);
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { rowKey: string }[]).map((r) => r.rowKey)).toEqual([
      'pvc-735b78d9-9f96-5920-b6ba-e9e1cde04c92-2026-11-24T11-00PM',
    ]);

    // Only monitoring/storage-loki-0 keeps its snapshots a single day.
    const expired = cli(['list', '--expired', '--now', '2026-11-26T00:00:00Z', '-o', 'json'], env);
    expect((JSON.parse(expired.stdout) as { pvcName: string }[]).map((r) => r.pvcName)).toEqual([
      'storage-loki-0',
    ]);

    const plan = cli(['cleanup', '--dry-run', '--now', '2027-12-01T00:00:00Z', '-o', 'json'], env);
    expect(plan.status).toBe(0);
    expect((JSON.parse(plan.stdout) as { counts: Record<string, number> }).counts).toMatchObject({
      kept: 30,
      'would-delete': 0,
    });

    const reconcile = cli(['reconcile', '--dry-run', '-o', 'json'], env);
    expect(reconcile.status).toBe(0);
    expect((JSON.parse(reconcile.stdout) as { counts: Record<string, number> }).counts).toMatchObject({
      rows: 30,
      snapshots: 30,
      restored: 0,
      removed: 0,
    });

    const rerun = cli(
      ['backup', '--slot', '2026-11-24T23:00:00Z', '-o', 'json', '--disk', 'shared-config'],
      env,
    );
    expect((JSON.parse(rerun.stdout) as { counts: Record<string, number> }).counts).toMatchObject({
      exists: 2,
      created: 0,
    });
  }, 120_000);
});
