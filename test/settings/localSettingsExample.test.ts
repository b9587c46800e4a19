import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../../src/settings/loadSettings';
import { settingsRegistry } from '../../src/settings/registry';

const HOST_SETTINGS = new Set(['AzureWebJobsStorage', 'FUNCTIONS_WORKER_RUNTIME']);

describe('local.settings.example.json', () => {
  const values = (
    JSON.parse(readFileSync(join(__dirname, '..', '..', 'local.settings.example.json'), 'utf8')) as {
      Values: Record<string, string>;
    }
  ).Values;

  it('holds only settings the registry or the Functions host knows', () => {
    const known = new Set(Object.values(settingsRegistry).map((d) => d.name));
    expect(Object.keys(values).filter((name) => !known.has(name) && !HOST_SETTINGS.has(name))).toEqual([]);
  });

  it('passes the settings validation', () => {
    expect(() => loadSettings(values)).not.toThrow();
  });
});
