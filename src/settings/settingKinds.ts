/**
 * Parsers for the kinds of value a setting can hold. Pure: each takes the raw
 * string (already trimmed, never empty) and either returns the typed value or
 * says why the value was refused. `accepted` is shown to the user next to the
 * bad value, so it reads as "what would have worked".
 */
import { existsSync, statSync } from 'node:fs';
import { resolveTimeZone } from '../domain/timeZone';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface SettingKind<T> {
  /** Human description of the accepted values, e.g. `an integer from 1 to 3650`. */
  readonly accepted: string;
  parse(raw: string): ParseResult<T>;
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const refuse = <T>(problem: string): ParseResult<T> => ({ ok: false, problem });

/** ASCII digits only: `+7`, `1e1`, `1.5`, `٣` and ` 7 ` inside the value are all refused. */
const ASCII_DIGITS = /^[0-9]+$/;

export function integerKind(min: number, max: number): SettingKind<number> {
  return {
    accepted: `a whole number from ${min} to ${max} (ASCII digits only)`,
    parse(raw) {
      if (!ASCII_DIGITS.test(raw)) return refuse('not a whole number');
      const value = Number(raw);
      if (value < min || value > max) return refuse(`outside ${min}..${max}`);
      return ok(value);
    },
  };
}

export const booleanKind: SettingKind<boolean> = {
  accepted: '`true` or `false` (any case)',
  parse(raw) {
    const lower = raw.toLowerCase();
    if (lower === 'true') return ok(true);
    if (lower === 'false') return ok(false);
    return refuse('not true or false');
  },
};

export function patternKind(pattern: RegExp, accepted: string): SettingKind<string> {
  return {
    accepted,
    parse: (raw) => (pattern.test(raw) ? ok(raw) : refuse('does not match the naming rules')),
  };
}

export function enumKind<const T extends string>(values: readonly T[]): SettingKind<T> {
  return {
    accepted: `one of ${values.map((v) => `\`${v}\``).join(', ')}`,
    parse(raw) {
      const match = values.find((v) => v.toLowerCase() === raw.toLowerCase());
      return match === undefined ? refuse('not one of the accepted values') : ok(match);
    },
  };
}

/** A local time of day as written in the settings, `HH:MM`. */
export interface LocalTimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

export const timesOfDayKind: SettingKind<readonly LocalTimeOfDay[]> = {
  accepted: 'one or more local times HH:MM (00:00 to 23:59), comma-separated, e.g. `00:00` or `00:00,12:00`',
  parse(raw) {
    const times: LocalTimeOfDay[] = [];
    for (const part of raw.split(',')) {
      const text = part.trim();
      const match = TIME_OF_DAY.exec(text);
      if (match === null) return refuse(`"${text}" is not a time HH:MM`);
      const time = { hour: Number(match[1]), minute: Number(match[2]) };
      if (!times.some((t) => t.hour === time.hour && t.minute === time.minute)) times.push(time);
    }
    times.sort((a, b) => a.hour * 60 + a.minute - (b.hour * 60 + b.minute));
    return ok(times);
  },
};

/**
 * A time zone: an IANA name (`Europe/Berlin`, any case) or a Windows name
 * (`W. Europe Standard Time`, mapped through CLDR). Resolved to the canonical
 * IANA name so later comparisons are exact.
 */
export const timeZoneKind: SettingKind<string> = {
  accepted:
    'an IANA time zone name such as `UTC`, `Europe/Berlin` or `America/New_York`, or a Windows name such as `W. Europe Standard Time`',
  parse(raw) {
    const zone = resolveTimeZone(raw);
    return zone === undefined ? refuse('not a time zone this runtime knows') : ok(zone);
  },
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Comma-separated subscription ids; empty means "every subscription the identity can see". */
export const subscriptionListKind: SettingKind<readonly string[]> = {
  accepted: 'comma-separated subscription ids (GUIDs), or empty for every subscription the identity can read',
  parse(raw) {
    const ids: string[] = [];
    for (const part of raw.split(',')) {
      const id = part.trim().toLowerCase();
      if (id === '') continue;
      if (!GUID.test(id)) return refuse(`"${part.trim()}" is not a subscription id`);
      if (!ids.includes(id)) ids.push(id);
    }
    return ok(ids);
  },
};

/** A file that exists when the settings are read (e.g. a certificate), or empty for none. */
export const optionalFileKind: SettingKind<string> = {
  accepted: 'empty, or the path of an existing file',
  parse(raw) {
    if (raw === '') return ok('');
    return existsSync(raw) && statSync(raw).isFile() ? ok(raw) : refuse('no such file');
  },
};
