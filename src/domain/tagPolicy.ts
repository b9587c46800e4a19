/**
 * The tag contract with users (README "Tags"). Tag names are case-insensitive
 * in Azure, so any case of a name is accepted; values are trimmed of
 * surrounding white space. Pure: no I/O, no clock.
 */

export const TAG_ENABLED = 'aksSnapshotBackupEnabled';
export const TAG_RETENTION = 'retentionTime';
export const MAX_RETENTION_DAYS = 3650;
/** Azure allows at most 500 incremental snapshots per disk. */
export const MAX_SNAPSHOTS_PER_DISK = 500;

export type Tags = Readonly<Record<string, string>>;

/** The value of a tag whose name matches in any case, trimmed; undefined when absent. */
export function tagValue(tags: Tags, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase() === lower) return value.trim();
  }
  return undefined;
}

export type Onboarding =
  | { readonly onboarded: true }
  | { readonly onboarded: false; readonly reason: 'absent' }
  /** `false` (any case): switched off on purpose, so not reported as a typo. */
  | { readonly onboarded: false; readonly reason: 'disabled' }
  /** Present but not understood (`yes`, `1`, `enabled`, empty, a typo): reported so the user notices. */
  | { readonly onboarded: false; readonly reason: 'not-understood'; readonly value: string };

export function onboardingOf(tags: Tags): Onboarding {
  const value = tagValue(tags, TAG_ENABLED);
  if (value === undefined) return { onboarded: false, reason: 'absent' };
  if (value.toLowerCase() === 'true') return { onboarded: true };
  if (value.toLowerCase() === 'false') return { onboarded: false, reason: 'disabled' };
  return { onboarded: false, reason: 'not-understood', value };
}

export interface Retention {
  readonly days: number;
  /** Set when the disk's tag was not used as written or the retention needs the user's attention. */
  readonly warning?: string;
}

const ASCII_DIGITS = /^[0-9]+$/;

/**
 * Days to keep a snapshot of a disk with these tags. Invalid values fall back
 * to the default with a warning that names the bad value; a valid value so
 * long that the disk would exceed Azure's 500 incremental snapshots at
 * `snapshotsPerDay` is kept, with a warning.
 */
export function retentionOf(
  tags: Tags,
  options: { readonly defaultDays: number; readonly snapshotsPerDay: number; readonly incremental: boolean },
): Retention {
  const value = tagValue(tags, TAG_RETENTION);
  if (value === undefined) return { days: options.defaultDays };
  const days = ASCII_DIGITS.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    return {
      days: options.defaultDays,
      warning:
        `${TAG_RETENTION} "${value}" is not a whole number of days from 1 to ${MAX_RETENTION_DAYS} (ASCII digits only); ` +
        `the default of ${options.defaultDays} days was used.`,
    };
  }
  const kept = days * options.snapshotsPerDay;
  if (options.incremental && kept > MAX_SNAPSHOTS_PER_DISK) {
    return {
      days,
      warning:
        `${TAG_RETENTION} "${value}" keeps about ${kept} snapshots at ${options.snapshotsPerDay} a day, more than Azure's ` +
        `${MAX_SNAPSHOTS_PER_DISK} incremental snapshots per disk; new snapshots will fail once the disk has ${MAX_SNAPSHOTS_PER_DISK}.`,
    };
  }
  return { days };
}
