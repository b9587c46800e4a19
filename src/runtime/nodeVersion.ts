/**
 * Node 22.12 is the oldest release we run on: it is the Azure Functions runtime
 * we deploy to, the current Azure SDK majors require it, and it can `require()`
 * ES modules such as p-limit 7 without a flag.
 */
export const MINIMUM_NODE = { major: 22, minor: 12 } as const;

export function unsupportedNodeMessage(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)\./.exec(version);
  const major = Number(match?.[1] ?? 0);
  const minor = Number(match?.[2] ?? 0);
  const supported =
    major > MINIMUM_NODE.major || (major === MINIMUM_NODE.major && minor >= MINIMUM_NODE.minor);
  if (supported) return undefined;
  return (
    `aks-snapshot-backup needs Node.js ${MINIMUM_NODE.major}.${MINIMUM_NODE.minor} or newer, but this is Node.js ${version}. ` +
    'Run it through the npm scripts (`npm start`, `npm test`), which use the Node 22 that `npm ci` installs into ' +
    'node_modules/.bin, or install Node 22 LTS.'
  );
}

/** Stops the process with a clear message instead of failing later on a missing language feature. */
export function exitIfUnsupportedNode(version: string = process.version): void {
  const message = unsupportedNodeMessage(version);
  if (message === undefined) return;
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
