import type { BackupRunSummary } from '../../src/domain/backupRun';
import { startHarness, type Harness } from '../support/backupHarness';

let harness: Harness;
afterEach(async () => {
  await harness.stop();
});

const runs = (h: Harness) => h.host.runner.listInstances().filter((i) => i.name === 'backupRun');

describe('backupTimer', () => {
  it('starts the due slot once even when the timer fires twice', async () => {
    // 00:03 local in Berlin: the 00:00 slot is due.
    harness = await startHarness({ start: new Date('2026-11-24T23:03:00Z') });
    await harness.host.invokeTimer('backupTimer');
    await harness.host.invokeTimer('backupTimer');
    expect(runs(harness).map((r) => r.instanceId)).toEqual(['backup-20261124T2300Z']);
    const status = await harness.host.runner.waitForCompletion('backup-20261124T2300Z');
    expect((status.output as BackupRunSummary).counts.created).toBe(30);
    await harness.host.invokeTimer('backupTimer');
    expect(runs(harness)).toHaveLength(1);
  });

  it('catches up a missed slot later the same day, and starts a failed one again', async () => {
    // The host was down at 00:00; it comes back at 09:30 local.
    harness = await startHarness({ start: new Date('2026-11-25T08:30:00Z') });
    await harness.host.invokeTimer('backupTimer');
    expect(runs(harness).map((r) => r.instanceId)).toEqual(['backup-20261124T2300Z']);
    harness.host.runner.terminate('backup-20261124T2300Z', 'operator');
    await harness.host.invokeTimer('backupTimer');
    expect(runs(harness).map((r) => `${r.instanceId} ${r.runtimeStatus}`)).toEqual([
      'backup-20261124T2300Z Pending',
    ]);
  });

  it('does not backfill a slot older than 24 hours', async () => {
    harness = await startHarness({ start: new Date('2026-11-25T23:30:00Z'), env: { BACKUP_TIMES: '12:00' } });
    await harness.host.invokeTimer('backupTimer');
    // 12:00 on the 25th (11:00Z) is due; 12:00 on the 24th is more than 24 h back.
    expect(runs(harness).map((r) => r.instanceId)).toEqual(['backup-20261125T1100Z']);
  });
});

describe('cleanupTimer', () => {
  it('starts the 02:00 local cleanup slot once', async () => {
    harness = await startHarness({ start: new Date('2026-11-25T01:05:00Z') });
    await harness.host.invokeTimer('cleanupTimer');
    await harness.host.invokeTimer('cleanupTimer');
    const cleanups = harness.host.runner.listInstances().filter((i) => i.name === 'cleanupRun');
    expect(cleanups.map((r) => r.instanceId)).toEqual(['cleanup-20261125T0100Z']);
    expect((await harness.host.runner.waitForCompletion('cleanup-20261125T0100Z')).runtimeStatus).toBe(
      'Completed',
    );
  });
});

describe('startRun (HTTP)', () => {
  const post = (h: Harness, body: string, kind = 'backup') =>
    h.host.invokeHttp('startRun', {
      method: 'POST',
      url: `${h.host.origin}/api/runs/${kind}`,
      params: { kind },
      body: { string: body },
      headers: { 'content-type': 'application/json' },
    });

  it.each([
    ['not JSON', '{"dryRun": ', 'The request body is not JSON'],
    ['an array', '[]', 'The request body must be a JSON object'],
    ['dryRun as a string', '{"dryRun": "yes"}', 'dryRun="yes": expected true or false'],
    [
      'a slot without a zone',
      '{"slot": "2026-11-24 23:00"}',
      'slot="2026-11-24 23:00": expected an ISO 8601 time with a zone',
    ],
    [
      'a bad subscription',
      '{"subscriptions": ["prod"]}',
      'subscriptions.0="prod": expected a subscription id (GUID)',
    ],
    ['an unknown field', '{"dryrun": true}', 'Unrecognized key: "dryrun"'],
  ])('answers 400 for %s and starts nothing', async (_case, body, message) => {
    harness = await startHarness();
    const response = await post(harness, body);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; problems?: string[] };
    expect([answer.error, ...(answer.problems ?? [])].join('\n')).toContain(message);
    expect(runs(harness)).toHaveLength(0);
  });

  it('answers 400 for a huge body and for too many filters, starting nothing', async () => {
    harness = await startHarness();
    const huge = await post(
      harness,
      JSON.stringify({ disks: ['x'.repeat(1000)], padding: 'y'.repeat(2 * 1024 * 1024) }),
    );
    expect(huge.status).toBe(400);
    expect(((await huge.json()) as { error: string }).error).toBe(
      'The request body is larger than 1024 KiB; narrow the run with fewer filters.',
    );
    const many = await post(
      harness,
      JSON.stringify({ resourceGroups: Array.from({ length: 1001 }, (_, i) => `rg${i}`) }),
    );
    expect(((await many.json()) as { problems: string[] }).problems).toEqual([
      'resourceGroups: expected at most 1,000 resource groups',
    ]);
    expect(runs(harness)).toHaveLength(0);
  });

  it.each(['../backup', 'backup/../cleanup', '%2e%2e', 'Backup', 'backupRun', ''])(
    'answers 400 for the kind %j',
    async (kind) => {
      harness = await startHarness();
      const response = await post(harness, '{}', kind);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe(
        `Unknown run kind "${kind}": expected one of backup, cleanup, reconcile.`,
      );
      expect(harness.host.runner.listInstances()).toHaveLength(0);
    },
  );

  it('answers 400 for an unknown kind', async () => {
    harness = await startHarness();
    const response = await post(harness, '{}', 'restore');
    expect(await response.json()).toEqual({
      error: 'Unknown run kind "restore": expected one of backup, cleanup, reconcile.',
    });
  });

  it('starts a dry run for a slot and answers with the check-status links', async () => {
    harness = await startHarness({ start: new Date('2026-11-25T10:00:00Z') });
    const response = await post(harness, '{"dryRun": true, "slot": "2026-11-24T23:00:00Z"}');
    expect(response.status).toBe(202);
    const links = (await response.json()) as {
      id: string;
      statusQueryGetUri: string;
      terminatePostUri: string;
      purgeHistoryDeleteUri: string;
    };
    expect(links.id).toBe('backup-20261124T2300Z-dryrun');
    expect(links.statusQueryGetUri).toContain(
      `/runtime/webhooks/durabletask/instances/backup-20261124T2300Z-dryrun`,
    );
    expect(links.terminatePostUri).toContain('/terminate');
    await harness.host.runner.waitForCompletion(links.id);
    const status = await fetch(links.statusQueryGetUri);
    expect(status.status).toBe(200);
    const body = (await status.json()) as { output: BackupRunSummary; customStatus: { phase: string } };
    expect(body.output.counts.planned).toBe(30);
    expect(body.customStatus.phase).toBe('done');
  });

  it('refuses a second start while the run is going', async () => {
    harness = await startHarness({ start: new Date('2026-11-25T10:00:00Z') });
    expect((await post(harness, '{"slot": "2026-11-24T23:00:00Z"}')).status).toBe(202);
    const second = await post(harness, '{"slot": "2026-11-24T23:00:00Z"}');
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error: 'Run backup-20261124T2300Z is already Pending.' });
  });

  it('takes an empty body as a run now', async () => {
    harness = await startHarness({ start: new Date('2026-11-25T10:41:59Z') });
    const response = await post(harness, '');
    expect(((await response.json()) as { id: string }).id).toBe('backup-20261125T1041Z');
  });
});
