/**
 * The benchmark's report: the Markdown table (ratios from one run) and the SVG
 * chart of write phase ÷ floor, replay CPU per disk and app RSS, each with its
 * target. Pure: results in, text out.
 */
import type { CaseResult, CaseSpec } from './benchCase';
import { RECOMMENDED_WORKER_ARGUMENTS } from './workerArguments';

export const label = (c: CaseSpec): string =>
  `${c.kind === 'cleanup-history' ? 'cleanup' : c.kind} ${c.disks}${c.subscriptions > 1 ? ` (${c.subscriptions} subs × ${c.regions} regions)` : ''}${c.historyNights === undefined ? '' : `, ${c.historyNights} nights of history`}${c.nodeArguments === undefined ? '' : c.nodeArguments.length === 0 ? ", Node's defaults" : `, only ${c.nodeArguments.join(' ')}`}`;
const ratio = (a: number, b: number): string => (b > 0 ? (a / b).toFixed(2) : 'n/a (floor 0)');

export function markdown(
  results: readonly CaseResult[],
  quick: boolean,
  failures: readonly string[],
): string {
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

/** The target for the app process's peak RSS at 10,000 disks (issue 13). */
const RSS_TARGET_MB = 400;

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

export function chart(results: readonly CaseResult[]): string {
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
  const rss = panel(
    `app peak RSS at 10,000 disks (MB; target under ${RSS_TARGET_MB}, dashed)`,
    cases
      .filter((r) => r.disks >= 10_000)
      .map((r) => ({ label: label(r), value: r.peakRssMb, text: String(r.peakRssMb) })),
    floors.height + cpu.height + 40,
    RSS_TARGET_MB,
  );
  const height = floors.height + cpu.height + rss.height + 50;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="${height}" font-family="sans-serif">`,
    ...floors.svg,
    ...cpu.svg,
    ...rss.svg,
    '</svg>',
  ].join('\n');
}
