import type { CaseResult } from '../../src/bench/benchCase';
import { chart, label, markdown } from '../../src/bench/benchReport';

const result = (overrides: Partial<CaseResult>): CaseResult => ({
  kind: 'backup',
  disks: 1000,
  subscriptions: 1,
  regions: 1,
  virtualSeconds: 110,
  writePhaseSeconds: 80,
  floorSeconds: 80,
  writesPerDisk: 1,
  readsPerDisk: 0.024,
  deletesPerDisk: 0,
  throttledPerDisk: 0.002,
  duplicateSnapshots: 0,
  replayCpuMsPerDisk: 0.267,
  replayCpuMsPerDiskByOrchestrator: {},
  largestHistory: 478,
  tableRequestsPerDisk: 1.012,
  peakRssMb: 154,
  emulationPeakRssMb: 206,
  realSeconds: 3.3,
  outcome: '1000 created, 0 failed, 0 pending',
  ...overrides,
});

const backup1000 = result({});
const baseline1000 = result({ kind: 'baseline', virtualSeconds: 20_000, floorSeconds: 80 });
const backup10000 = result({ disks: 10_000, peakRssMb: 305, writePhaseSeconds: 1624, floorSeconds: 1620 });
const defaults10000 = result({ disks: 10_000, peakRssMb: 473, nodeArguments: [] });

/** The texts of one chart panel: from its title to the next panel's title. */
function panelTexts(svg: string, title: string): string[] {
  const texts = [...svg.matchAll(/<text [^>]*font-size="(\d+)">([^<]*)<\/text>/g)].map((m) => ({
    size: m[1],
    text: m[2] ?? '',
  }));
  const start = texts.findIndex((t) => t.text.startsWith(title));
  const end = texts.findIndex((t, i) => i > start && t.size === '14');
  return texts.slice(start + 1, end === -1 ? undefined : end).map((t) => t.text);
}

describe('label', () => {
  it('names the fleet, the spread and the worker arguments of a case', () => {
    expect(label(result({ disks: 10_000, subscriptions: 10, regions: 2 }))).toBe(
      'backup 10000 (10 subs × 2 regions)',
    );
    expect(label(defaults10000)).toBe("backup 10000, Node's defaults");
    expect(label(result({ kind: 'cleanup-history', historyNights: 30 }))).toBe(
      'cleanup 1000, 30 nights of history',
    );
  });
});

describe('markdown', () => {
  const table = markdown([backup1000, baseline1000, backup10000], false, []);

  it('gives a backup its speedup over the one-by-one baseline of the same size', () => {
    const row = table.split('\n').find((line) => line.startsWith('| backup 1000 |'));
    expect(row?.split(' | ')[4]).toBe('181.8×');
  });

  it('gives the write phase over the quota floor as a ratio', () => {
    const row = table.split('\n').find((line) => line.startsWith('| backup 10000 |'));
    expect(row?.split(' | ')[2]).toBe('1624 / 1620 = 1.00');
  });

  it('lists the cases that failed after the table', () => {
    expect(markdown([], true, ['backup 10000: FATAL ERROR heap'])).toContain(
      'Cases that failed:\n\n- backup 10000: FATAL ERROR heap\n',
    );
  });
});

describe('chart', () => {
  const svg = chart([backup1000, baseline1000, backup10000, defaults10000]);

  it('charts the app RSS of the 10,000-disk cases only', () => {
    expect(panelTexts(svg, 'app peak RSS at 10,000 disks')).toEqual([
      'backup 10000',
      '305',
      "backup 10000, Node's defaults",
      '473',
    ]);
  });

  it('draws the 400 MB target where a 400 MB bar would end', () => {
    const bars = [...svg.matchAll(/<rect x="300" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    const lines = [...svg.matchAll(/<line x1="([\d.]+)"/g)].map((m) => Number(m[1]));
    const rssBar = bars.at(-1) ?? 0; // Node's defaults, 473 MB
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBeCloseTo(300 + (rssBar * 400) / 473, 0);
  });

  it('leaves the baseline out of the replay panel', () => {
    expect(panelTexts(svg, 'orchestrator replay CPU per disk')).toEqual([
      'backup 1000',
      '0.267',
      'backup 10000',
      '0.267',
      "backup 10000, Node's defaults",
      '0.267',
    ]);
  });
});
