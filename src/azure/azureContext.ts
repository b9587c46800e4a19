/**
 * The AzureConnection activities use in this process: Azure itself (managed
 * identity / DefaultAzureCredential) unless a host points it elsewhere, as the
 * local runner does with the emulation.
 */
import { azureCloudConnection, type AzureConnection } from './azureConnection';

let current: AzureConnection | undefined;

export function azureContext(): AzureConnection {
  current ??= azureCloudConnection();
  return current;
}

export function useAzureConnection(connection: AzureConnection): void {
  current = connection;
}
