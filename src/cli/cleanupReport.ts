/** A cleanup run summary as a person reads it. */
import type { CleanupRunSummary } from '../domain/cleanupRun';

export function formatCleanupReport(summary: CleanupRunSummary): string {
  const { counts } = summary;
  const lines = [
    `${summary.runId}${summary.dryRun ? ' (dry run)' : ''}: ${counts.deleted} deleted, ${counts.kept} kept past expiry, ` +
      `${counts.skipped} skipped, ${counts.blocked} blocked, ${counts.failed} failed, ${counts.deleting} still deleting` +
      (summary.dryRun ? `, ${counts['would-delete']} would be deleted` : ''),
  ];
  for (const snapshot of summary.snapshots) {
    lines.push(
      `  ${snapshot.outcome.padEnd(12)} ${snapshot.name}${snapshot.reason === undefined ? '' : ` — ${snapshot.reason}`}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
