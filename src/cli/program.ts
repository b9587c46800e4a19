/**
 * The command program: `backup`, `cleanup`, `reconcile`, `list`, `emulator`
 * and `demo`, following `az` conventions (`--subscription`, `-g`, `-o json|table`,
 * `--dry-run`, `--yes`, `--verbose`). Runs run in this process through the
 * in-process host — the same orchestrations as in Azure. Results on stdout,
 * progress and errors on stderr; exit 0 when all went well, 1 when a disk or a
 * run failed, 2 for bad usage.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { resourceGraphClient, tableClient } from '../azure/azureConnection';
import { useAzureConnection } from '../azure/azureContext';
import { findCatalogAccount, readCatalogEntries } from '../azure/catalogStore';
import type { BackupRunSummary } from '../domain/backupRun';
import type { CleanupRunSummary } from '../domain/cleanupRun';
import type { ReconcileSummary } from '../domain/reconcileRun';
import { manualSlot, type SlotKind } from '../domain/scheduleSlots';
import { loadFixtureFile } from '../emulator/fixture/loadFixture';
import { LocalAzure } from '../emulator/localAzure';
import { ScaledClock, SystemClock, VirtualClock, type Clock } from '../runtime/clock';
import { InProcessHost, loadFunctionApp } from '../runner/inProcessHost';
import { useAppSettings } from '../settings/appSettings';
import { runOf } from '../starters/runInput';
import { formatBackupReport } from './backupReport';
import { cliConnection } from './cliConnection';
import { formatCleanupReport } from './cleanupReport';
import { DEFAULT_FIXTURE, runLocalJob } from './localJob';
import { CommandError, restoreCommand, statusCommand, type RestoreOptions } from './operatorCommands';

class UsageError extends Error {}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
function isoTime(flag: string): (value: string) => Date {
  return (value) => {
    const date = new Date(value);
    if (!ISO.test(value) || Number.isNaN(date.getTime())) {
      throw new UsageError(
        `${flag} "${value}" is not a time: expected ISO 8601 with a zone, e.g. 2026-11-24T23:00:00Z`,
      );
    }
    return date;
  };
}
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

interface RunOptions {
  slot?: Date;
  now?: Date;
  dryRun?: boolean;
  subscription?: string[];
  resourceGroup?: string[];
  disk?: string[];
  output: 'json' | 'table';
  yes?: boolean;
  verbose?: boolean;
}

async function runCommand(
  kind: SlotKind,
  options: RunOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WriteStream,
): Promise<number> {
  if (kind !== 'backup' && options.dryRun !== true && options.yes !== true) {
    throw new UsageError(
      `${kind} changes or deletes things: pass --yes to go ahead, or --dry-run to see the plan first`,
    );
  }
  const settings = useAppSettings({
    ...process.env,
    ...(options.subscription === undefined ? {} : { SUBSCRIPTION_IDS: options.subscription.join(',') }),
  });
  const connection = cliConnection(settings);
  try {
    await connection.credential.getToken('https://management.azure.com/.default');
  } catch (error) {
    throw new Error(
      `Not signed in to Azure: run \`az login\` (${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)})`,
    );
  }
  useAzureConnection(connection);
  loadFunctionApp();
  const clock: Clock = options.now === undefined ? new SystemClock() : new VirtualClock(options.now);
  const host = await InProcessHost.start({
    clock,
    activityConcurrency: settings.runnerActivityConcurrency,
    ...(options.verbose === true ? { log: (_level, fn, message) => err.write(`[${fn}] ${message}\n`) } : {}),
  });
  let progress: NodeJS.Timeout | undefined;
  try {
    const slot = manualSlot(options.slot ?? clock.now(), settings.timeZone, kind);
    const run = runOf(settings, slot, {
      dryRun: options.dryRun === true,
      filters: {
        subscriptions: (options.subscription ?? []).map((s) => s.toLowerCase()),
        resourceGroups: options.resourceGroup ?? [],
        disks: options.disk ?? [],
      },
    });
    const instanceId = host.runner.startNew(run.orchestrator, {
      instanceId: run.instanceId,
      input: run.input,
    });
    if (err.isTTY) {
      progress = setInterval(() => {
        const status = host.runner.getStatus(instanceId)?.customStatus;
        err.write(`\r${instanceId}: ${JSON.stringify(status ?? 'starting').slice(0, 100)}\u001b[K`);
      }, 500);
    }
    const status = await host.runner.waitForCompletion(instanceId);
    if (progress !== undefined) err.write('\r\u001b[K');
    if (status.runtimeStatus !== 'Completed') {
      err.write(`${instanceId} ${status.runtimeStatus}: ${String(status.output).split('\n')[0] ?? ''}\n`);
      return 1;
    }
    if (options.output === 'json') out.write(`${JSON.stringify(status.output, null, 2)}\n`);
    if (kind === 'backup') {
      const summary = status.output as BackupRunSummary;
      if (options.output === 'table') out.write(formatBackupReport(summary));
      return summary.counts.failed > 0 ? 1 : 0;
    }
    if (kind === 'cleanup') {
      const summary = status.output as CleanupRunSummary;
      if (options.output === 'table') out.write(formatCleanupReport(summary));
      return summary.counts.failed > 0 ? 1 : 0;
    }
    const summary = status.output as ReconcileSummary;
    if (options.output === 'table') {
      out.write(`${summary.runId}${summary.dryRun ? ' (dry run)' : ''}: ${JSON.stringify(summary.counts)}\n`);
      for (const report of summary.reports) out.write(`  ${report.rowKey}: ${report.problem}\n`);
    }
    return 0;
  } finally {
    if (progress !== undefined) clearInterval(progress);
    await host.stop();
  }
}

interface ListOptions {
  disk?: string;
  pvc?: string;
  expired?: boolean;
  since?: Date;
  now?: Date;
  output: 'json' | 'table';
}

async function listCommand(options: ListOptions, out: NodeJS.WritableStream): Promise<number> {
  if (options.pvc !== undefined && !/^[^/]+\/[^/]+$/.test(options.pvc)) {
    throw new UsageError(`--pvc "${options.pvc}" is not namespace/name`);
  }
  const settings = useAppSettings(process.env);
  const connection = cliConnection(settings);
  const account = await findCatalogAccount(
    resourceGraphClient(connection),
    settings.subscriptionIds,
    settings.catalogStorageAccount,
  );
  const now = options.now ?? new Date();
  const rows = (await readCatalogEntries(tableClient(connection, account, settings.catalogTableName))).filter(
    (row) =>
      (options.disk === undefined ||
        row.azureSourceDiskResourceId.toLowerCase().endsWith(`/${options.disk.toLowerCase()}`)) &&
      (options.pvc === undefined || `${row.pvcNamespace ?? ''}/${row.pvcName ?? ''}` === options.pvc) &&
      (options.expired !== true ||
        (row.expiresOn !== undefined && Date.parse(row.expiresOn) <= now.getTime())) &&
      (options.since === undefined ||
        (row.slot !== undefined && Date.parse(row.slot) >= options.since.getTime())),
  );
  if (options.output === 'json') {
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    for (const row of rows) {
      out.write(
        `${row.rowKey.padEnd(82)} ${(row.expiresOn ?? '(legacy, no expiry)').padEnd(26)} ${row.pvcNamespace ?? ''}/${row.pvcName ?? ''}\n`,
      );
    }
    out.write(`${rows.length} catalog entries\n`);
  }
  return 0;
}

async function emulatorCommand(
  options: { fixture: string; speed: number },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const settings = useAppSettings(process.env);
  const fixture = await loadFixtureFile(options.fixture);
  const local = await LocalAzure.start({
    fixture,
    clock: new ScaledClock(new Date(), options.speed),
    catalogTableName: settings.catalogTableName,
  });
  const caFile = join(mkdtempSync(join(tmpdir(), 'aks-snapshot-backup-')), 'arm-ca.pem');
  writeFileSync(caFile, local.arm.certificateAuthority);
  out.write(
    `export ARM_ENDPOINT=${local.arm.endpoint}\nexport ARM_CA_FILE=${caFile}\nexport TABLE_ENDPOINT=${local.tableServiceUrl}\n`,
  );
  err.write(`emulating ${options.fixture} at ${options.speed}× real time; Ctrl-C stops it\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await local.stop();
  return 0;
}

export async function runCli(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  let exitCode = 0;
  const program = new Command('aks-snapshot-backup')
    .description('Scheduled, retention-aware snapshots of the Azure disks behind AKS persistent volumes.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => out.write(text), writeErr: (text) => err.write(text) });
  const output = () =>
    new Option('-o, --output <format>', 'json (stable, for scripts) or table')
      .choices(['json', 'table'])
      .default('table');
  const runCommandFor = (kind: SlotKind, description: string) =>
    program
      .command(kind)
      .description(description)
      .option(
        '--slot <time>',
        'run for this slot (ISO time), e.g. to re-run a missed night',
        isoTime('--slot'),
      )
      .option('--now <time>', 'the clock for expiry decisions (what-if planning)', isoTime('--now'))
      .option('--dry-run', 'print the plan, change nothing')
      .option('--subscription <id>', 'limit to a subscription (repeatable)', collect)
      .option('-g, --resource-group <name>', 'limit to disks in a resource group (repeatable)', collect)
      .option('--disk <name>', 'limit to a disk, by name or id (repeatable)', collect)
      .addOption(output())
      .option('--yes', 'confirm a command that changes or deletes things')
      .option('--verbose', 'log every step on stderr')
      .action(async (options: RunOptions) => {
        exitCode = await runCommand(kind, options, out, err);
      });
  runCommandFor('backup', 'snapshot every onboarded disk now (or for --slot)');
  runCommandFor('cleanup', 'delete expired snapshots safely, then reconcile');
  runCommandFor('reconcile', 'make the catalog agree with Azure; adopt the original solution’s snapshots');
  program
    .command('list')
    .description('catalog entries')
    .option('--disk <name>', 'snapshots of this disk')
    .option('--pvc <namespace/name>', 'snapshots of this PVC')
    .option('--expired', 'only expired entries')
    .option('--since <time>', 'only snapshots taken since (ISO time)', isoTime('--since'))
    .option('--now <time>', 'the clock for --expired', isoTime('--now'))
    .addOption(output())
    .action(async (options: ListOptions) => {
      exitCode = await listCommand(options, out);
    });
  program
    .command('status')
    .description('per-disk backup health; exits 1 when anything needs attention')
    .option('--now <time>', 'the clock to judge ages and missed slots by', isoTime('--now'))
    .addOption(output())
    .action(async (options: { now?: Date; output: 'json' | 'table' }) => {
      exitCode = await statusCommand(options, out);
    });
  program
    .command('restore')
    .description(
      'create a disk from a snapshot and print the PersistentVolume and PersistentVolumeClaim for it',
    )
    .requiredOption('--snapshot <name or id>', 'the snapshot to restore')
    .option('-g, --resource-group <name>', "target resource group (default: the source disk's)")
    .option('--zone <zone>', "availability zone (default: the source disk's)")
    .option('--sku <sku>', "disk sku (default: the source disk's)")
    .option('--name <name>', 'disk name (default: {pvc}-restored-{yyyyMMddHHmm})')
    .option('--claim <name>', 'PersistentVolumeClaim name (default: {pvc}-restored)')
    .option('--now <time>', 'the time in the default disk name', isoTime('--now'))
    .option('--dry-run', 'print what would be created, create nothing')
    .action(async (options: RestoreOptions) => {
      exitCode = await restoreCommand(options, out);
    });
  program
    .command('emulator')
    .description('serve the local Azure emulation and print the settings that point the other commands at it')
    .option('--fixture <file>', 'fixture to seed from', DEFAULT_FIXTURE)
    .option(
      '--speed <factor>',
      'run time this many times faster than real time',
      (value) => {
        const factor = Number(value);
        if (!(factor > 0)) throw new UsageError(`--speed "${value}" is not a positive number`);
        return factor;
      },
      1,
    )
    .action(async (options: { fixture: string; speed: number }) => {
      exitCode = await emulatorCommand(options, out, err);
    });
  program
    .command('demo')
    .description('what npm start runs: nights of backups and cleanups on the emulated default fleet')
    .action(async () => {
      exitCode = await runLocalJob(process.env, out);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CommandError) {
      err.write(`error: ${error.message}\n`);
      return 1;
    }
    if (error instanceof UsageError) {
      err.write(`error: ${error.message}\n`);
      return 2;
    }
    err.write(`error: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}\n`);
    return 1;
  }
}
