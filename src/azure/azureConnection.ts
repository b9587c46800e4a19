/**
 * Where the Azure SDK clients point: Azure itself (DefaultAzureCredential,
 * public cloud endpoints) or the local emulation (the ARM simulator's endpoint
 * and certificate, Azurite). Everything that makes a client goes through here,
 * so the same adapters run against both.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { TableClient, TableServiceClient, type AzureNamedKeyCredential } from '@azure/data-tables';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

export interface TableEndpoint {
  readonly url: string;
  readonly credential: TokenCredential | AzureNamedKeyCredential;
  /** Azurite speaks plain http on loopback. */
  readonly allowInsecureConnection: boolean;
}

/** A pipeline policy for every client, as the SDK's `additionalPolicies` option takes it. */
export interface AdditionalPolicyConfig {
  readonly policy: PipelinePolicy;
  readonly position: 'perCall' | 'perRetry';
}

export interface AzureConnection {
  readonly credential: TokenCredential;
  /** ARM endpoint; undefined means the public cloud. */
  readonly armEndpoint?: string;
  /** PEM of the certificate to trust for armEndpoint (the local simulator's). */
  readonly armCertificateAuthority?: string;
  tableEndpoint(storageAccountName: string): TableEndpoint;
  /** Extra pipeline policies for every client (the benchmark's virtual-time header); none for Azure. */
  readonly additionalPolicies?: readonly AdditionalPolicyConfig[];
}

export function azureCloudConnection(
  credential: TokenCredential = new DefaultAzureCredential(),
): AzureConnection {
  return {
    credential,
    tableEndpoint: (account) => ({
      url: `https://${account}.table.core.windows.net`,
      credential,
      allowInsecureConnection: false,
    }),
  };
}

/**
 * `maxRetries: 0` hands every failure straight back: the SDK's own retry policy
 * would sleep the full Retry-After (up to 20 minutes for Compute) inside an
 * activity, where the orchestrator should wait on a durable timer instead.
 */
export interface ArmClientOptions {
  readonly maxRetries?: number;
}

function armOptions(
  connection: AzureConnection,
  options: ArmClientOptions = {},
): {
  endpoint?: string;
  tlsOptions?: { ca: string };
  retryOptions?: { maxRetries: number };
  additionalPolicies?: AdditionalPolicyConfig[];
} {
  return {
    ...policiesOf(connection),
    ...(options.maxRetries === undefined ? {} : { retryOptions: { maxRetries: options.maxRetries } }),
    ...(connection.armEndpoint === undefined ? {} : { endpoint: connection.armEndpoint }),
    ...(connection.armCertificateAuthority === undefined
      ? {}
      : { tlsOptions: { ca: connection.armCertificateAuthority } }),
  };
}

function policiesOf(connection: AzureConnection): { additionalPolicies?: AdditionalPolicyConfig[] } {
  return connection.additionalPolicies === undefined
    ? {}
    : { additionalPolicies: [...connection.additionalPolicies] };
}

/**
 * Clients are made once per connection and kind, and reused: each client owns
 * its HTTP agent, so a client per call would open a TLS connection per call
 * (a handshake with ARM each time, and about 40 KB of native memory per
 * connection until it is collected — 10,000 activities held ~400 MB). The
 * cache hangs off the connection object, so a new connection starts clean.
 */
const clientCaches = new WeakMap<AzureConnection, Map<string, unknown>>();

function cached<T>(connection: AzureConnection, key: string, make: () => T): T {
  let cache = clientCaches.get(connection);
  if (cache === undefined) {
    cache = new Map();
    clientCaches.set(connection, cache);
  }
  const found = cache.get(key) as T | undefined;
  if (found !== undefined) return found;
  const client = make();
  cache.set(key, client);
  return client;
}

export function computeClient(
  connection: AzureConnection,
  subscriptionId: string,
  options: ArmClientOptions = {},
): ComputeManagementClient {
  return cached(
    connection,
    `compute|${subscriptionId.toLowerCase()}|${String(options.maxRetries)}`,
    () => new ComputeManagementClient(connection.credential, subscriptionId, armOptions(connection, options)),
  );
}

export function resourceGraphClient(
  connection: AzureConnection,
  options: ArmClientOptions = {},
): ResourceGraphClient {
  return cached(
    connection,
    `graph|${String(options.maxRetries)}`,
    () => new ResourceGraphClient(connection.credential, armOptions(connection, options)),
  );
}

const isTokenCredential = (credential: TableEndpoint['credential']): credential is TokenCredential =>
  'getToken' in credential;

export function tableClient(
  connection: AzureConnection,
  storageAccountName: string,
  tableName: string,
  options: ArmClientOptions = {},
): TableClient {
  return cached(
    connection,
    `table|${storageAccountName.toLowerCase()}|${tableName}|${String(options.maxRetries)}`,
    () => {
      const { url, credential, allowInsecureConnection } = connection.tableEndpoint(storageAccountName);
      const clientOptions = {
        allowInsecureConnection,
        ...policiesOf(connection),
        ...(options.maxRetries === undefined ? {} : { retryOptions: { maxRetries: options.maxRetries } }),
      };
      return isTokenCredential(credential)
        ? new TableClient(url, tableName, credential, clientOptions)
        : new TableClient(url, tableName, credential, clientOptions);
    },
  );
}

export function tableServiceClient(
  connection: AzureConnection,
  storageAccountName: string,
): TableServiceClient {
  const { url, credential, allowInsecureConnection } = connection.tableEndpoint(storageAccountName);
  const clientOptions = { allowInsecureConnection, ...policiesOf(connection) };
  return isTokenCredential(credential)
    ? new TableServiceClient(url, credential, clientOptions)
    : new TableServiceClient(url, credential, clientOptions);
}
