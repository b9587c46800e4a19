/**
 * `npm start`: the local job on the embedded default. Checks the Node version
 * before anything else is loaded, so an old Node gets one clear line instead
 * of a stack trace from deep inside a dependency.
 */
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';

exitIfUnsupportedNode();

void import('./localJob.js')
  .then(({ runLocalJob }) => runLocalJob(process.env, process.stdout))
  .then(
    (exitCode) => {
      process.exitCode = exitCode;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
