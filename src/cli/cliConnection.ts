/**
 * Where CLI commands point the SDK clients: Azure with DefaultAzureCredential
 * (so `az login` just works), or — when ARM_ENDPOINT / TABLE_ENDPOINT name a
 * loopback address, as `aks-snapshot-backup emulator` prints them — the local
 * emulation, with its certificate and Azurite's published development key.
 */
import { readFileSync } from 'node:fs';
import { AzureNamedKeyCredential } from '@azure/data-tables';
import { DefaultAzureCredential } from '@azure/identity';
import { azureCloudConnection, type AzureConnection } from '../azure/azureConnection';
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../emulator/azurite';
import { emulatorCredential } from '../emulator/emulatorCredential';
import type { Settings } from '../settings/registry';

const isLoopback = (url: string): boolean => /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);

export function cliConnection(settings: Settings): AzureConnection {
  const armLocal = settings.armEndpoint !== '' && isLoopback(settings.armEndpoint);
  const credential = armLocal ? emulatorCredential : new DefaultAzureCredential();
  const cloud = azureCloudConnection(credential);
  return {
    credential,
    ...(settings.armEndpoint === '' ? {} : { armEndpoint: settings.armEndpoint }),
    ...(settings.armCaFile === ''
      ? {}
      : { armCertificateAuthority: readFileSync(settings.armCaFile, 'utf8') }),
    tableEndpoint: (account) => {
      if (settings.tableEndpoint === '') return cloud.tableEndpoint(account);
      return isLoopback(settings.tableEndpoint)
        ? {
            url: settings.tableEndpoint,
            credential: new AzureNamedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
            allowInsecureConnection: true,
          }
        : { url: settings.tableEndpoint, credential, allowInsecureConnection: false };
    },
  };
}
