/** A backup run summary as a person reads it: one line per disk, then warnings and tag values not understood. */
import type { BackupRunSummary, DiskResult } from '../domain/backupRun';

const pad = (text: string, width: number): string =>
  text.length >= width ? text : text + ' '.repeat(width - text.length);

function diskLabel(disk: DiskResult): string {
  return disk.pvc === undefined ? disk.diskName : `${disk.pvc} (${disk.diskName.slice(0, 12)}…)`;
}

export function formatBackupReport(summary: BackupRunSummary): string {
  const { counts } = summary;
  const lines = [
    `${summary.runId}${summary.dryRun ? ' (dry run)' : ''}: ${counts.created} created, ${counts.exists} already there, ` +
      `${counts.pending} pending, ${counts.failed} failed${summary.dryRun ? `, ${counts.planned} planned` : ''} ` +
      `(${counts.warnings} warnings, ${counts.notUnderstood} tag values not understood)`,
    '',
    `${pad('OUTCOME', 8)} ${pad('SUB', 5)} ${pad('REGION', 12)} ${pad('DISK', 44)} ${pad('SNAPSHOT', 80)} EXPIRES`,
  ];
  for (const disk of summary.disks) {
    lines.push(
      `${pad(disk.outcome, 8)} ${pad(`…${disk.subscriptionId.slice(-4)}`, 5)} ${pad(disk.location, 12)} ${pad(diskLabel(disk), 44)} ` +
        `${pad(disk.snapshotName, 80)} ${disk.expiresOn.slice(0, 10)}`,
    );
  }
  const problems = summary.disks.filter((d) => d.error !== undefined || d.warning !== undefined);
  if (problems.length > 0) lines.push('');
  for (const disk of problems) {
    if (disk.error !== undefined) lines.push(`error   ${diskLabel(disk)}: ${disk.error}`);
    if (disk.warning !== undefined) lines.push(`warning ${diskLabel(disk)}: ${disk.warning}`);
  }
  for (const disk of summary.notUnderstood) {
    lines.push(
      `not onboarded ${disk.diskId}: aksSnapshotBackupEnabled="${disk.value}" is not understood (use "true")`,
    );
  }
  return `${lines.join('\n')}\n`;
}
