/**
 * What goes into the deployment zip: the build output, host.json, the package
 * manifest and lockfile, and the production dependencies exactly as the
 * lockfile resolves them — npm marks every package only dev tools need with
 * `"dev": true`, so those (jest, typescript, azurite, the Node binary…) stay out.
 */

export interface Lockfile {
  readonly lockfileVersion: number;
  readonly packages: Readonly<
    Record<string, { readonly dev?: boolean; readonly devOptional?: boolean; readonly link?: boolean }>
  >;
}

/** `node_modules/...` folders of production dependencies, from a lockfile v2/v3. */
export function productionPackageFolders(lock: Lockfile): string[] {
  if (lock.lockfileVersion < 2)
    throw new Error(
      `package-lock.json version ${lock.lockfileVersion} is too old; npm 7+ writes version 2 or 3.`,
    );
  return Object.entries(lock.packages)
    .filter(
      ([path, entry]) =>
        path.startsWith('node_modules/') &&
        entry.dev !== true &&
        entry.devOptional !== true &&
        entry.link !== true,
    )
    .map(([path]) => path)
    .sort();
}

/** Files and folders of the app itself, relative to the package root. */
export const APP_FILES = ['dist/src', 'host.json', 'package.json', 'package-lock.json'] as const;
