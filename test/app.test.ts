import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registeredFunctions } from '../src/runner/functionsCore';
import { loadFunctionApp } from '../src/runner/inProcessHost';

const root = join(__dirname, '..');
const functionDirs = ['triggers', 'orchestrators', 'activities', 'hooks'];

describe('the Functions entry point', () => {
  it('is what package.json main points the host at, in the build output', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as {
      include: string[];
    };
    const base = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(build.include).toEqual(['src']);
    expect(base.compilerOptions).toMatchObject({ rootDir: '.', outDir: 'dist' });
    expect(pkg.main).toBe('dist/src/app.js');
  });

  it('loads exactly the function and hook files in src/triggers, src/orchestrators, src/activities and src/hooks', () => {
    const source = readFileSync(join(root, 'src', 'app.ts'), 'utf8');
    const loaded = [...source.matchAll(/^import '\.\/([^']+)';$/gm)].map((m) => m[1]).sort();
    const onDisk = functionDirs
      .flatMap((dir) => {
        try {
          return readdirSync(join(root, 'src', dir)).map((file) => `${dir}/${file.replace(/\.ts$/, '')}`);
        } catch {
          return [];
        }
      })
      .sort();
    expect(loaded).toEqual(onDisk);
  });

  it('registers the functions with the metadata the host receives', () => {
    loadFunctionApp();
    const metadata = registeredFunctions().map((fn) =>
      [
        fn.metadata.name,
        ...Object.values(fn.metadata.bindings).map(
          ({ type, direction, schedule, route, methods, authLevel }) =>
            [
              type,
              direction,
              schedule,
              route,
              Array.isArray(methods) ? methods.join('|') : undefined,
              authLevel,
            ]
              .filter((part) => part !== undefined)
              .map((part) => (typeof part === 'string' ? part : JSON.stringify(part)))
              .join(' '),
        ),
      ].join(' / '),
    );
    expect(metadata).toEqual([
      'prepareCatalog / activityTrigger in',
      'removeCatalogRows / activityTrigger in',
      'writeCatalog / activityTrigger in',
      'writeAudit / activityTrigger in',
      'createSnapshot / activityTrigger in',
      'deleteExpiredSnapshot / activityTrigger in',
      'confirmSnapshotGone / activityTrigger in',
      'findBackupScope / activityTrigger in',
      'findCleanupInventory / activityTrigger in',
      'findPresentSnapshots / activityTrigger in',
      'listBackupSnapshots / activityTrigger in',
      'planSubscriptionBackup / activityTrigger in',
      'recheckBeforeDelete / activityTrigger in',
      'findReconcileWork / activityTrigger in',
      'adoptSnapshot / activityTrigger in',
      'recordBackupResults / activityTrigger in',
      'backupChunk / orchestrationTrigger in',
      'chunkSequence / orchestrationTrigger in',
      'backupSubscription / orchestrationTrigger in',
      'backupRun / orchestrationTrigger in',
      'cleanupChunk / orchestrationTrigger in',
      'cleanupSubscription / orchestrationTrigger in',
      'reconcileRun / orchestrationTrigger in',
      'cleanupRun / orchestrationTrigger in',
      'backupTimer / timerTrigger in 0 */5 * * * * / durableClient in',
      'cleanupTimer / timerTrigger in 0 */5 * * * * / durableClient in',
      'purgeHistory / timerTrigger in 0 30 3 * * * / durableClient in',
      'startRun / httpTrigger in runs/{kind} POST function / durableClient in / http out',
    ]);
  });
});
