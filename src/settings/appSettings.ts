/**
 * The settings of this process, read and validated once. The Functions entry
 * point calls it at load, so a bad app setting stops the app at start with a
 * message naming it instead of failing a run at 2 a.m.
 */
import { loadSettings, type Environment } from './loadSettings';
import type { Settings } from './registry';

let cached: Settings | undefined;

export function appSettings(): Settings {
  cached ??= loadSettings(process.env);
  return cached;
}

/** For hosts that take settings from elsewhere than process.env (tests, the CLI's flags). */
export function useAppSettings(env: Environment): Settings {
  cached = loadSettings(env);
  return cached;
}
