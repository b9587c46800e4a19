#!/usr/bin/env node
/**
 * `aks-snapshot-backup`: the operator CLI. Checks the Node version before
 * anything else is loaded, then hands over to the command program.
 */
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';

exitIfUnsupportedNode();

void import('./program.js').then(async ({ runCli }) => {
  process.exitCode = await runCli(process.argv.slice(2));
});
