/**
 * `npm run bench [-- --quick]`: runs each case in its own process, then writes
 * bench/results/latest.json, latest.md (a table, ratios from this one run) and
 * latest.svg (a chart). `--quick` runs the small sizes (part of .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';
import type { CaseResult, CaseSpec } from './benchCase';
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

const label = (c: CaseSpec) =>
  `${c.kind === 'cleanup-history' ? 'cleanup' : c.kind} ${c.disks}${c.subscriptions > 1 ? ` (${c.subscriptions} subs × ${c.regions} regions)` : ''}${c.historyNights === undefined ? '' : `, ${c.historyNights} nights of history`}${c.nodeArguments === undefined ? '' : c.nodeArguments.length === 0 ? ", Node's defaults" : `, only ${c.nodeArguments.join(' ')}`}`;
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : 'n/a (floor 0)');

function markdown(results: readonly CaseResult[], quick: boolean, failures: readonly string[]): string {
  const baseline = (n: number) => results.find((r) => r.kind === 'baseline' && r.disks === n);
  const lines = [
    `# Benchmark results (${quick ? 'quick' : 'full'} run, ${new Date().toISOString().slice(0, 10)})`,
    '',
    "Virtual time on the simulator with Azure's quotas (ARM writes 200 + 10/s per subscription, Compute snapshot creates",
    '1,000/3 min and 8,000/30 min per subscription and region, deletes 200 + 10/s), snapshot creation 20 s, deletes 10 s.',
    '"write phase ÷ floor": seconds until the last PUT/DELETE was accepted, over the floor the quota model allows.',
    '"discovery": Resource Graph requests of the cleanup inventory / rows they returned. Cleanup cases end with',
    'the reconcile every cleanup runs (its reads are in reads/disk). Each case runs in two processes: "app RSS" is',
    'the app\'s (the functions and the durable runner, which holds every history as the task hub would), "emulation',
    "RSS\" the emulated Azure's (ARM simulator and Azurite), which follows the app's virtual time per request.",
    `Replay CPU is measured in the app process alone. Every case runs with ${RECOMMENDED_WORKER_ARGUMENTS.join(' ')}`,
    '(the worker arguments the README recommends) unless its name says otherwise ("only …", or "Node\'s defaults": a',
    "heap of half the machine's memory, up to 4 GB, and 16 MB semi-spaces). The cleanup 10,000 case sets itself up with a backup whose histories it",
    "purges before the cleanup starts (in Azure they are in the task hub's storage); its app RSS includes that backup.",
    '',
    '| case | outcome | write phase ÷ floor | total (virtual s) | speedup vs one-by-one | writes/disk | reads/disk | deletes/disk | 429s/disk | duplicates | discovery | replay CPU ms/disk | largest history | table req/disk | app RSS MB | emulation RSS MB | real s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const base = r.kind === 'backup' ? baseline(r.disks) : undefined;
    lines.push(
      `| ${label(r)} | ${r.outcome} | ${r.kind === 'baseline' ? '—' : `${r.writePhaseSeconds} / ${r.floorSeconds.toFixed(0)} = ${ratio(r.writePhaseSeconds, r.floorSeconds)}`} | ${r.virtualSeconds} | ${base === undefined ? '—' : `${(base.virtualSeconds / r.virtualSeconds).toFixed(1)}×`} | ${r.writesPerDisk.toFixed(2)} | ${r.readsPerDisk.toFixed(3)} | ${r.deletesPerDisk.toFixed(2)} | ${r.throttledPerDisk.toFixed(3)} | ${r.duplicateSnapshots} | ${r.discoveryQueries === undefined ? '—' : `${r.discoveryQueries} / ${r.discoveryRows ?? 0}`} | ${r.replayCpuMsPerDisk.toFixed(3)} | ${r.largestHistory} | ${r.tableRequestsPerDisk.toFixed(3)} | ${r.peakRssMb} | ${r.emulationPeakRssMb} | ${r.realSeconds.toFixed(1)} |`,
    );
  }
  if (failures.length > 0) lines.push('', 'Cases that failed:', '', ...failures.map((f) => `- ${f}`));
  return `${lines.join('\n')}\n`;
}

/** One horizontal bar panel: a row per case, with an optional dashed target line. */
function panel(
  title: string,
  rows: readonly { label: string; value: number; text: string }[],
  top: number,
  target?: number,
): { svg: string[]; height: number } {
  const barHeight = 22;
  const max = Math.max(target === undefined ? 0 : target * 1.3, ...rows.map((r) => r.value), 1e-9);
  const scale = (value: number) => (value / max) * 330;
  const svg = [`<text x="10" y="${top + 16}" font-size="14">${title}</text>`];
  rows.forEach((row, i) => {
    const y = top + 26 + i * (barHeight + 8);
    svg.push(
      `<text x="10" y="${y + 15}" font-size="11">${row.label}</text>`,
      `<rect x="300" y="${y}" width="${scale(row.value).toFixed(1)}" height="${barHeight}" fill="#2b7bb9"/>`,
      `<text x="${(305 + scale(row.value)).toFixed(1)}" y="${y + 15}" font-size="11">${row.text}</text>`,
    );
  });
  const height = 34 + rows.length * (barHeight + 8);
  if (target !== undefined) {
    const x = 300 + scale(target);
    svg.push(
      `<line x1="${x.toFixed(1)}" y1="${top + 22}" x2="${x.toFixed(1)}" y2="${top + height}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
    );
  }
  return { svg, height };
}

function chart(results: readonly CaseResult[]): string {
  const cases = results.filter((r) => r.kind !== 'baseline');
  const floors = panel(
    'write phase ÷ quota floor (target ≤ 1.15, dashed)',
    cases
      .filter((r) => r.floorSeconds > 0)
      .map((r) => {
        const value = r.writePhaseSeconds / r.floorSeconds;
        return { label: label(r), value, text: value.toFixed(2) };
      }),
    0,
    1.15,
  );
  const cpu = panel(
    'orchestrator replay CPU per disk (ms)',
    cases.map((r) => ({
      label: label(r),
      value: r.replayCpuMsPerDisk,
      text: r.replayCpuMsPerDisk.toFixed(3),
    })),
    floors.height + 20,
  );
  const height = floors.height + cpu.height + 30;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}" font-family="sans-serif">`,
    ...floors.svg,
    ...cpu.svg,
    '</svg>',
  ].join('\n');
}

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
  writeFileSync(join(directory, 'latest.json'), `${JSON.stringify({ quick, results, failures }, null, 2)}\n`);
  const table = markdown(results, quick, failures);
  writeFileSync(join(directory, 'latest.md'), table);
  writeFileSync(join(directory, 'latest.svg'), `${chart(results)}\n`);
  process.stdout.write(table);
  const duplicates = results.reduce((sum, r) => sum + r.duplicateSnapshots, 0);
  if (duplicates > 0) {
    process.stderr.write(`${duplicates} duplicate snapshots: a correctness failure\n`);
    process.exitCode = 1;
  }
  if (failures.length > 0) process.exitCode = 1;
}

main();
