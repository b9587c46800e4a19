import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECOMMENDED_WORKER_ARGUMENTS } from '../../src/bench/workerArguments';
import { settingsRegistry } from '../../src/settings/registry';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('starts with a Quick start block of exactly two command lines: run the local job, run the tests', () => {
    const quickStart = /^# .+\n\n## Quick start\n\n```bash\n([\s\S]*?)```/.exec(readme);
    expect(quickStart?.[1]?.trimEnd().split('\n')).toEqual(['npm ci && npm start', 'npm ci && npm test']);
  });

  it.each(Object.values(settingsRegistry).map((d) => [d.name, d.scope] as const))(
    'documents the setting %s with its scope',
    (name, scope) => {
      expect(readme).toMatch(new RegExp(`\\| +\`${name}\` +\\|[^\\n]*\\| +${scope} +\\|`));
    },
  );

  it('recommends the worker arguments the benchmark runs with', () => {
    expect(readme).toContain(
      `\`languageWorkers__node__arguments\` to\n\`${RECOMMENDED_WORKER_ARGUMENTS.join(' ')}\``,
    );
  });
});
