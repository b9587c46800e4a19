/** The simulator checks that a bearer token is present, not what it says: no secret is involved. */
import type { AccessToken, TokenCredential } from '@azure/identity';

export const emulatorCredential: TokenCredential = {
  getToken: (): Promise<AccessToken> =>
    Promise.resolve({ token: 'local-emulator', expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
};
