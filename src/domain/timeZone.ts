/**
 * Time zone names as users write them: IANA (`Europe/Berlin`, any case) or
 * Windows (`W. Europe Standard Time`), mapped through the CLDR table that
 * windows-iana maintains. Returns the canonical IANA name.
 */
import { IANAZone } from 'luxon';
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

/** Windows names are matched in any case; each maps to its CLDR territory "001" zone. */
const windowsToIana = new Map(
  WINDOWS_TO_IANA_MAP.filter((entry) => entry.territory === '001').map((entry) => [
    entry.windowsName.toLowerCase(),
    entry.windowsName,
  ]),
);

export function resolveTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return undefined;
  try {
    // Intl knows every IANA name (any case) and canonicalises it.
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
    if (IANAZone.isValidZone(canonical)) return canonical;
  } catch {
    // not an IANA name: try Windows below
  }
  const windows = windowsToIana.get(trimmed.toLowerCase());
  if (windows === undefined) return undefined;
  return findIana(windows, '001')[0];
}
