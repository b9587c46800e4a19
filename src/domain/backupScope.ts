/**
 * What a backup run needs to know before its subscriptions plan their own
 * disks: which subscriptions have onboarded disks, and which disk names occur
 * more than once in scope (those snapshots get the hashed name, wherever the
 * other disk is). Everything else about a disk stays with its subscription, so
 * the run's history never holds the fleet's inventory or plan.
 */
export interface ScopedDisk {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
}

export interface BackupScope {
  /** Subscriptions with at least one disk in scope, by lower-cased id. */
  readonly subscriptionIds: readonly string[];
  /** Lower-cased names that two or more disks in scope carry. */
  readonly sharedNames: readonly string[];
}

export function backupScopeOf(disks: readonly ScopedDisk[]): BackupScope {
  const subscriptions = new Set<string>();
  const idsByName = new Map<string, Set<string>>();
  for (const disk of disks) {
    subscriptions.add(disk.subscriptionId.toLowerCase());
    const name = disk.name.toLowerCase();
    const ids = idsByName.get(name) ?? new Set<string>();
    ids.add(disk.id.toLowerCase());
    idsByName.set(name, ids);
  }
  return {
    subscriptionIds: [...subscriptions].sort(),
    sharedNames: [...idsByName]
      .filter(([, ids]) => ids.size > 1)
      .map(([name]) => name)
      .sort(),
  };
}
