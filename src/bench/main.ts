/**
 * `npm run bench [-- --quick]`: runs each case in its own process, then writes
 * bench/results/latest.json, latest.md (a table, ratios from this one run) and
 * latest.svg (a chart), rendered by benchReport. `--quick` runs the small sizes (part of .ci/run)
 * and writes quick.* instead, so it never overwrites the committed full run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';
import type { CaseResult, CaseSpec } from './benchCase';
import { chart, label, markdown } from './benchReport';
import { RECOMMENDED_WORKER_ARGUMENTS } from './workerArguments';

const QUICK: CaseSpec[] = [
  { kind: 'backup', disks: 100, subscriptions: 1, regions: 1 },
  { kind: 'backup', disks: 1000, subscriptions: 1, regions: 1 },
  { kind: 'cleanup', disks: 1000, subscriptions: 1, regions: 1 },
  { kind: 'cleanup-history', disks: 1000, subscriptions: 1, regions: 1, historyNights: 30 },
  { kind: 'baseline', disks: 100, subscriptions: 1, regions: 1 },
  { kind: 'baseline', disks: 1000, subscriptions: 1, regions: 1 },
];
const FULL: CaseSpec[] = [
  ...QUICK,
  { kind: 'backup', disks: 10_000, subscriptions: 1, regions: 1 },
  // The same with Node's defaults (what a worker gets without the setting), and with only the heap cap.
  { kind: 'backup', disks: 10_000, subscriptions: 1, regions: 1, nodeArguments: [] },
  {
    kind: 'backup',
    disks: 10_000,
    subscriptions: 1,
    regions: 1,
    nodeArguments: ['--max-old-space-size=512'],
  },
  { kind: 'backup', disks: 10_000, subscriptions: 10, regions: 2 },
  { kind: 'cleanup', disks: 10_000, subscriptions: 1, regions: 1 },
  { kind: 'cleanup-history', disks: 10_000, subscriptions: 1, regions: 1, historyNights: 2 },
  { kind: 'cleanup-history', disks: 10_000, subscriptions: 1, regions: 1, historyNights: 30 },
];

function main(): void {
  exitIfUnsupportedNode();
  const quick = process.argv.includes('--quick');
  const cases = quick ? QUICK : FULL;
  const results: CaseResult[] = [];
  const failures: string[] = [];
  for (const spec of cases) {
    process.stderr.write(`running ${label(spec)}…\n`);
    let output: string;
    try {
      output = execFileSync(
        process.execPath,
        [
          ...(spec.nodeArguments ?? RECOMMENDED_WORKER_ARGUMENTS),
          join(__dirname, 'benchCase.js'),
          JSON.stringify(spec),
        ],
        { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] },
      );
    } catch (error) {
      // One case failing (a heap cap too tight, say) is reported with the others, not instead of them.
      const stderr = (error as { stderr?: unknown }).stderr;
      const text = typeof stderr === 'string' ? stderr : String(error);
      const reason =
        text
          .split('\n')
          .find((line) => /FATAL ERROR|Error:/.test(line))
          ?.trim() ?? 'exited with an error';
      failures.push(`${label(spec)}: ${reason}`);
      process.stderr.write(`  failed: ${reason}\n`);
      continue;
    }
    const result = JSON.parse(output.trim().split('\n').pop() ?? '{}') as CaseResult;
    results.push(result);
    process.stderr.write(
      `  ${result.outcome}; write phase ${result.writePhaseSeconds} s, floor ${result.floorSeconds} s, ${result.realSeconds} s real\n`,
    );
  }
  const directory = join(__dirname, '..', '..', '..', 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const name = quick ? 'quick' : 'latest';
  writeFileSync(
    join(directory, `${name}.json`),
    `${JSON.stringify({ quick, results, failures }, null, 2)}\n`,
  );
  const table = markdown(results, quick, failures);
  writeFileSync(join(directory, `${name}.md`), table);
  writeFileSync(join(directory, `${name}.svg`), `${chart(results)}\n`);
  process.stdout.write(table);
  const duplicates = results.reduce((sum, r) => sum + r.duplicateSnapshots, 0);
  if (duplicates > 0) {
    process.stderr.write(`${duplicates} duplicate snapshots: a correctness failure\n`);
    process.exitCode = 1;
  }
  if (failures.length > 0) process.exitCode = 1;
}

main();
