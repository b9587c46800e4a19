/**
 * The subset of the Durable extension's HTTP API that `df.getClient(context)`
 * calls, served on loopback over the runner, so trigger functions run
 * unchanged: start, status (one and list), terminate, raise event, purge (one
 * and by filter). Both the client's RPC paths (`/durabletask/...`) and the
 * public webhook paths in the check-status response
 * (`/runtime/webhooks/durabletask/...`) are served.
 */
import { closeServer, listenOnLoopback } from '../runtime/loopbackServer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  InstanceExistsError,
  type InstanceFilter,
  type InstanceStatus,
  type OrchestrationRunner,
} from './orchestrationRunner';
import type { RuntimeStatus } from './orchestrationInstance';

const RUNTIME_STATUSES: readonly RuntimeStatus[] = [
  'Pending',
  'Running',
  'Completed',
  'Failed',
  'Terminated',
];

/** The binding data the host gives a `durableClient` input. */
export interface DurableClientBindingData {
  readonly taskHubName: string;
  readonly creationUrls: Record<string, string>;
  readonly managementUrls: Record<string, string>;
  readonly baseUrl: string;
  readonly requiredQueryStringParameters: string;
  readonly rpcBaseUrl: string;
  readonly httpBaseUrl: string;
}

export class DurableHttpApi {
  private server: Server | undefined;
  private origin = '';

  constructor(
    private readonly runner: OrchestrationRunner,
    private readonly taskHubName: string,
  ) {}

  async start(): Promise<void> {
    if (this.server !== undefined) return;
    const server = createServer((request, response) => {
      void this.handle(request, response);
    });
    const port = await listenOnLoopback(server);
    this.server = server;
    this.origin = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    await closeServer(server);
  }

  get baseOrigin(): string {
    if (this.server === undefined) throw new Error('The Durable HTTP API is not started.');
    return this.origin;
  }

  bindingData(): DurableClientBindingData {
    const webhooks = `${this.baseOrigin}/runtime/webhooks/durabletask`;
    const query = `taskHub=${this.taskHubName}&connection=Storage`;
    const instance = `${webhooks}/instances/INSTANCEID`;
    return {
      taskHubName: this.taskHubName,
      creationUrls: {
        createNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?${query}`,
        createAndWaitOnNewInstancePostUri: `${webhooks}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
      },
      managementUrls: {
        id: 'INSTANCEID',
        statusQueryGetUri: `${instance}?${query}`,
        sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
        terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
        rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
        purgeHistoryDeleteUri: `${instance}?${query}`,
        restartPostUri: `${instance}/restart?${query}`,
        suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
        resumePostUri: `${instance}/resume?reason={text}&${query}`,
      },
      baseUrl: webhooks,
      requiredQueryStringParameters: query,
      rpcBaseUrl: `${this.baseOrigin}/durabletask/`,
      httpBaseUrl: webhooks,
    };
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', this.origin);
      const path = url.pathname
        .replace(/^\/runtime\/webhooks\/durabletask\//, '/')
        .replace(/^\/durabletask\//, '/');
      const body = await readBody(request);
      const [status, payload] = this.route(request.method ?? 'GET', path, url.searchParams, body);
      send(response, status, payload);
    } catch (error) {
      send(response, 500, { message: error instanceof Error ? error.message : String(error) });
    }
  }

  private route(method: string, path: string, query: URLSearchParams, body: string): [number, unknown] {
    const parts = path
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
    const [collection, first, second, third] = parts;
    if (collection === 'orchestrators' && method === 'POST' && first !== undefined) {
      return this.startNew(first, second, body);
    }
    if (collection !== 'instances') return [404, { message: `No route for ${method} ${path}` }];
    if (first === undefined) {
      const filter = filterFrom(query);
      if (method === 'GET') return [200, this.runner.listInstances(filter).map(toWire)];
      if (method === 'DELETE') {
        const instancesDeleted = this.runner.purgeBy(filter);
        return instancesDeleted === 0
          ? [404, { message: 'No instances matched.' }]
          : [200, { instancesDeleted }];
      }
      return [405, { message: `${method} is not supported on instances` }];
    }
    const status = this.runner.getStatus(first, { showHistory: query.get('showHistory') === 'true' });
    if (status === undefined) return [404, { message: `No instance with ID '${first}' found.` }];
    if (method === 'GET' && second === undefined) return [statusCode(status.runtimeStatus), toWire(status)];
    if (method === 'DELETE' && second === undefined) {
      const instancesDeleted = this.runner.purge(first);
      return instancesDeleted === 0
        ? [404, { message: 'Only finished instances can be purged.' }]
        : [200, { instancesDeleted }];
    }
    if (method === 'POST' && second === 'terminate') {
      if (!['Pending', 'Running'].includes(status.runtimeStatus))
        return [410, { message: `Instance is ${status.runtimeStatus}.` }];
      this.runner.terminate(first, query.get('reason') ?? '');
      return [202, null];
    }
    if (method === 'POST' && second === 'raiseEvent' && third !== undefined) {
      if (!['Pending', 'Running'].includes(status.runtimeStatus))
        return [410, { message: `Instance is ${status.runtimeStatus}.` }];
      this.runner.raiseEvent(first, third, body === '' ? undefined : JSON.parse(body));
      return [202, null];
    }
    return [404, { message: `No route for ${method} ${path}` }];
  }

  private startNew(name: string, instanceId: string | undefined, body: string): [number, unknown] {
    try {
      const id = this.runner.startNew(name, {
        ...(instanceId === undefined ? {} : { instanceId }),
        ...(body === '' ? {} : { input: JSON.parse(body) as unknown }),
      });
      return [202, { id }];
    } catch (error) {
      if (error instanceof InstanceExistsError) return [409, { message: error.message }];
      return [400, { message: error instanceof Error ? error.message : String(error) }];
    }
  }
}

/** The extension answers 200 for completed, 202 while in progress, 400 for failed or terminated. */
function statusCode(status: RuntimeStatus): number {
  if (status === 'Completed') return 200;
  if (status === 'Failed' || status === 'Terminated') return 400;
  return 202;
}

function toWire(status: InstanceStatus): Record<string, unknown> {
  return {
    ...status,
    createdTime: status.createdTime.toISOString(),
    lastUpdatedTime: status.lastUpdatedTime.toISOString(),
  };
}

function filterFrom(query: URLSearchParams): InstanceFilter {
  const statuses = (query.get('runtimeStatus') ?? '')
    .split(',')
    .filter((s): s is RuntimeStatus => RUNTIME_STATUSES.includes(s as RuntimeStatus));
  const from = query.get('createdTimeFrom');
  const to = query.get('createdTimeTo');
  return {
    ...(statuses.length > 0 ? { runtimeStatus: statuses } : {}),
    ...(from === null ? {} : { createdTimeFrom: new Date(from) }),
    ...(to === null ? {} : { createdTimeTo: new Date(to) }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = payload === null ? '' : JSON.stringify(payload);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}
