import { settingsRegistry, type SettingDefinition, type SettingKey, type Settings } from './registry';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Every bad setting found in one pass, so a user fixes them all at once. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `Invalid setting: ${problems[0]}`
        : `Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'SettingsError';
  }
}

/**
 * Reads and validates every registered setting once. An unset or blank value
 * takes the default (Azure app settings cannot always be removed, only
 * emptied). The result is frozen: nothing reads `process.env` after start.
 */
export function loadSettings(env: Environment = process.env): Settings {
  const values: Partial<Record<SettingKey, unknown>> = {};
  const problems: string[] = [];
  for (const key of Object.keys(settingsRegistry) as SettingKey[]) {
    const definition: SettingDefinition<unknown> = settingsRegistry[key];
    const given = env[definition.name]?.trim() ?? '';
    const raw = given === '' ? definition.defaultValue : given;
    const parsed = definition.kind.parse(raw);
    if (parsed.ok) {
      values[key] = parsed.value;
    } else {
      problems.push(
        `${definition.name}=${JSON.stringify(raw)} (${parsed.problem}); accepted: ${definition.kind.accepted}.`,
      );
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return Object.freeze(values) as Settings;
}
