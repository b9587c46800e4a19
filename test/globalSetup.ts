import { unsupportedNodeMessage } from '../src/runtime/nodeVersion';

/** Runs before any test file: an old Node stops here with one clear line. */
export default function globalSetup(): void {
  const message = unsupportedNodeMessage(process.version);
  if (message !== undefined) throw new Error(message);
}
