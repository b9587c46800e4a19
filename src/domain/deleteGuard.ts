/**
 * The check every delete passes right before it is sent, whatever the plan
 * said when the run started: the live snapshot still carries our marker, lies
 * in the backup resource group, and its own expiry tag has passed. A snapshot
 * that is no longer there is gone, which is what lets its catalog row go.
 */
import { expiryOf, isOurs } from './snapshotTags';
import type { Tags } from './tagPolicy';

/** What the live resource says, as far as the guard needs it. */
export interface LiveSnapshotFacts {
  readonly resourceGroup: string;
  readonly tags: Tags;
}

export type DeleteVerdict =
  | { readonly verdict: 'delete' }
  | { readonly verdict: 'gone' }
  | { readonly verdict: 'skip'; readonly reason: string };

export function deleteVerdict(
  live: LiveSnapshotFacts | undefined,
  backupResourceGroup: string,
  now: Date,
): DeleteVerdict {
  if (live === undefined) return { verdict: 'gone' };
  if (!isOurs(live.tags)) return { verdict: 'skip', reason: 'the snapshot no longer carries our marker tag' };
  if (live.resourceGroup.toLowerCase() !== backupResourceGroup.toLowerCase()) {
    return {
      verdict: 'skip',
      reason: `the snapshot is outside the backup resource group ${backupResourceGroup}`,
    };
  }
  const expiry = expiryOf(live.tags);
  if (expiry === undefined || expiry > now) {
    return {
      verdict: 'skip',
      reason: `the live snapshot expires ${expiry?.toISOString() ?? 'never (unreadable expiry)'}`,
    };
  }
  return { verdict: 'delete' };
}
