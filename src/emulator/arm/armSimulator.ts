/**
 * The ARM simulator: an HTTPS server on loopback that speaks the ARM REST API
 * for disks, snapshots, their long-running operations and Resource Graph,
 * closely enough that the real `@azure/arm-compute` and
 * `@azure/arm-resourcegraph` clients work against it unchanged (only endpoint
 * and CA injected). Behaviour lives in SimulatedAzure; this file is HTTP.
 */
import { closeServer, listenOnLoopback } from '../../runtime/loopbackServer';
import { createServer, type Server } from 'node:https';
import { VIRTUAL_TIME_HEADER, virtualTimeOf } from '../virtualTimeHeader';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { FaultPlan, type FaultKind, type FaultMatch } from '../faults/faultPlan';
import { QuotaModel, unlimitedQuotas, type Charge, type QuotaLimits } from '../quota/quotaModel';
import { createLoopbackCertificate } from '../tls';
import { ArmError } from './armError';
import { queryResourceGraph } from './resourceGraph';
import { diskJson, snapshotJson } from './resourceJson';
import type { SimulatedAzure, SimulatedOperation } from './simulatedAzure';

export interface RequestLogEntry {
  readonly at: Date;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** 0 when the connection was closed without an answer (injected reset or timeout). */
  readonly status: number;
  /** The quota buckets this request was charged to, or the one that refused it (429). */
  readonly policies: readonly string[];
}

export interface ArmSimulatorOptions {
  /** Items per page of a list response before a nextLink (ARM pages vary; small pages exercise paging). */
  readonly pageSize?: number;
  /** Throttling; default: unlimited. `azureQuotas()` gives Azure's figures. */
  readonly quotas?: QuotaLimits;
  /** Seed of the fault plan's randomness. */
  readonly faultSeed?: number;
  /**
   * Running in a process of its own: moves the simulator's clock to the caller's virtual time, which each
   * request carries (see virtualTimeHeader).
   */
  readonly followVirtualTime?: (instant: Date) => void;
}

type Handler = (match: RegExpExecArray, request: ParsedRequest) => Reply;
type Charger = (match: RegExpExecArray, request: ParsedRequest) => Charge;
interface ParsedRequest {
  readonly method: string;
  readonly authorization: string | undefined;
  /** Who is calling, for per-principal buckets: a hash of the bearer token. */
  readonly principal: string;
  readonly url: URL;
  readonly body: unknown;
}
interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

const SEGMENT = '([^/]+)';
const SUB = `^/subscriptions/${SEGMENT}`;
const RG = `${SUB}/resourceGroups/${SEGMENT}`;
const COMPUTE_API_VERSION = '2024-03-02';

export class ArmSimulator {
  readonly requestLog: RequestLogEntry[] = [];
  readonly faults: FaultPlan;
  private readonly quotas: QuotaModel;
  private pendingActions: { at: number; action: () => void }[] = [];
  private server: Server | undefined;
  private origin = '';
  private certificate = '';
  private readonly pageSize: number;
  private readonly routes: [string, RegExp, Handler, Charger][];
  private readonly followVirtualTime: ((instant: Date) => void) | undefined;

  constructor(
    readonly azure: SimulatedAzure,
    options: ArmSimulatorOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 100;
    this.quotas = new QuotaModel(options.quotas ?? unlimitedQuotas(), azure.clock);
    this.faults = new FaultPlan(options.faultSeed);
    this.followVirtualTime = options.followVirtualTime;
    const read =
      (policy: 'LowCostGet' | 'GetOperation', region: (m: RegExpExecArray) => string): Charger =>
      (m, req) => ({
        arm: { operation: 'reads', subscriptionId: m[1] ?? '', principal: req.principal },
        compute: { policy, subscriptionId: m[1] ?? '', region: region(m) },
      });
    const groupRegion = (m: RegExpExecArray) =>
      this.azure.resourceGroupOf(m[1] ?? '', m[2] ?? '')?.location ?? 'global';
    const write: Charger = (m, req) => ({
      arm: { operation: 'writes', subscriptionId: m[1] ?? '', principal: req.principal },
    });
    const snapshotCreate: Charger = (m, req) => ({
      ...write(m, req),
      compute: {
        policy: 'HighCostSnapshotCreateHydrate',
        subscriptionId: m[1] ?? '',
        region:
          typeof asLooseObject(req.body).location === 'string'
            ? String(asLooseObject(req.body).location)
            : groupRegion(m),
      },
    });
    const snapshotDelete: Charger = (m, req) => ({
      arm: { operation: 'deletes', subscriptionId: m[1] ?? '', principal: req.principal },
      compute: { policy: 'DeleteDisks', subscriptionId: m[1] ?? '', region: groupRegion(m) },
    });
    const listRead = read('LowCostGet', () => 'global');
    const groupRead = read('LowCostGet', groupRegion);
    const r = (
      method: string,
      pattern: string,
      charge: Charger,
      handler: Handler,
    ): [string, RegExp, Handler, Charger] => [method, new RegExp(`${pattern}$`, 'i'), handler, charge];
    this.routes = [
      r(
        'POST',
        '^/providers/Microsoft.ResourceGraph/resources',
        (_m, req) => ({ resourceGraph: { principal: req.principal } }),
        (_m, req) => ({
          status: 200,
          body: queryResourceGraph(this.azure, req.body),
        }),
      ),
      r(
        'GET',
        `${SUB}/providers/Microsoft.Compute/locations/${SEGMENT}/operations/${SEGMENT}`,
        read('GetOperation', (m) => m[2] ?? ''),
        (m, req) => this.operation(m[1] ?? '', m[3] ?? '', req.url.searchParams.get('monitor') === 'true'),
      ),
      r('GET', `${SUB}/providers/Microsoft.Compute/disks`, listRead, (m, req) =>
        this.page(this.azure.listDisks(m[1] ?? ''), (d) => diskJson(d, this.azure), req.url),
      ),
      r('GET', `${SUB}/providers/Microsoft.Compute/snapshots`, listRead, (m, req) =>
        this.page(this.azure.listSnapshots(m[1] ?? ''), (s) => snapshotJson(s, this.azure), req.url),
      ),
      r('GET', `${RG}/providers/Microsoft.Compute/disks`, groupRead, (m, req) =>
        this.page(this.azure.listDisks(m[1] ?? '', m[2]), (d) => diskJson(d, this.azure), req.url),
      ),
      r('GET', `${RG}/providers/Microsoft.Compute/disks/${SEGMENT}`, groupRead, (m) => ({
        status: 200,
        body: diskJson(this.azure.getDisk(m[1] ?? '', m[2] ?? '', m[3] ?? ''), this.azure),
      })),
      r('PUT', `${RG}/providers/Microsoft.Compute/disks/${SEGMENT}`, write, (m, req) => {
        const { disk, operation, created } = this.azure.putDisk(
          m[1] ?? '',
          m[2] ?? '',
          m[3] ?? '',
          asObject(req.body),
        );
        return this.accepted(operation, created ? 201 : 200, diskJson(disk, this.azure));
      }),
      r('GET', `${RG}/providers/Microsoft.Compute/snapshots`, groupRead, (m, req) =>
        this.page(this.azure.listSnapshots(m[1] ?? '', m[2]), (s) => snapshotJson(s, this.azure), req.url),
      ),
      r('GET', `${RG}/providers/Microsoft.Compute/snapshots/${SEGMENT}`, groupRead, (m) => ({
        status: 200,
        body: snapshotJson(this.azure.getSnapshot(m[1] ?? '', m[2] ?? '', m[3] ?? ''), this.azure),
      })),
      r('PUT', `${RG}/providers/Microsoft.Compute/snapshots/${SEGMENT}`, snapshotCreate, (m, req) => {
        const { snapshot, operation, created } = this.azure.putSnapshot(
          m[1] ?? '',
          m[2] ?? '',
          m[3] ?? '',
          asObject(req.body),
        );
        return this.accepted(operation, created ? 201 : 200, snapshotJson(snapshot, this.azure));
      }),
      r('PATCH', `${RG}/providers/Microsoft.Compute/snapshots/${SEGMENT}`, write, (m, req) => {
        const { snapshot, operation } = this.azure.patchSnapshotTags(
          m[1] ?? '',
          m[2] ?? '',
          m[3] ?? '',
          asObject(req.body).tags,
        );
        return this.accepted(operation, 200, snapshotJson(snapshot, this.azure));
      }),
      r('DELETE', `${RG}/providers/Microsoft.Compute/snapshots/${SEGMENT}`, snapshotDelete, (m) => {
        const operation = this.azure.deleteSnapshot(m[1] ?? '', m[2] ?? '', m[3] ?? '');
        return operation === undefined ? { status: 204 } : this.accepted(operation, 202, undefined);
      }),
    ];
  }

  async start(): Promise<void> {
    if (this.server !== undefined) return;
    const { cert, key } = await createLoopbackCertificate();
    const server = createServer({ cert, key }, (request, response) => {
      void this.handle(request, response);
    });
    const port = await listenOnLoopback(server);
    this.server = server;
    this.certificate = cert;
    this.origin = `https://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    await closeServer(server);
  }

  /** Answers the next `times` (default 1) matching requests with this fault instead of serving them. */
  injectFault(match: FaultMatch & { times?: number }, fault: FaultKind): void {
    this.faults.add({ ...match, fault, times: match.times ?? 1 });
  }

  /** Runs `action` once, right after the `count`-th request from now has been answered (a change mid-run). */
  afterRequests(count: number, action: () => void): void {
    this.pendingActions.push({ at: this.requestLog.length + count, action });
  }

  /** Answers each matching request with this fault with the given probability (seeded). */
  injectFaultRate(match: FaultMatch & { probability: number }, fault: FaultKind): void {
    this.faults.add({ ...match, fault });
  }

  /** The endpoint to give SDK clients (`endpoint` option). */
  get endpoint(): string {
    if (this.server === undefined) throw new Error('The ARM simulator is not started.');
    return this.origin;
  }

  /** The certificate clients must trust (`tlsOptions: { ca }`). */
  get certificateAuthority(): string {
    return this.certificate;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', this.origin);
    if (this.followVirtualTime !== undefined) {
      try {
        const callerTime = virtualTimeOf(request.headers[VIRTUAL_TIME_HEADER]);
        if (callerTime !== undefined) this.followVirtualTime(callerTime);
      } catch (error) {
        response.writeHead(400, { 'Content-Type': 'text/plain' });
        response.end(error instanceof Error ? error.message : String(error));
        return;
      }
    }
    const at = this.azure.clock.now();
    const fault = this.faults.pick(method, url.pathname);
    if (fault !== undefined && fault.type !== 'status') {
      this.requestLog.push({ at, method, path: url.pathname, status: 0, policies: [`fault:${fault.type}`] });
      if (fault.type === 'timeout') await new Promise((resolve) => setTimeout(resolve, fault.afterMs));
      request.socket.destroy();
      return;
    }
    let reply: Reply;
    let policies: readonly string[] = [];
    try {
      const text = await readBody(request);
      if (fault !== undefined) {
        throw new ArmError(
          fault.status,
          fault.code,
          `Injected fault ${fault.status} ${fault.code}.`,
          fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) },
        );
      }
      const authorization = request.headers.authorization;
      const outcome = this.dispatch({
        method,
        url,
        authorization,
        principal: createHash('sha256')
          .update(authorization ?? '')
          .digest('hex')
          .slice(0, 12),
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      });
      reply = outcome.reply;
      policies = outcome.policies;
    } catch (error) {
      if (error instanceof ArmError && error.status === 429)
        policies = [error.headers['x-ms-throttled-policy'] ?? 'unknown'];
      reply =
        error instanceof ArmError
          ? { status: error.status, body: error.body(), headers: { ...error.headers } }
          : error instanceof SyntaxError
            ? { status: 400, body: { error: { code: 'InvalidRequestContent', message: error.message } } }
            : { status: 500, body: { error: { code: 'InternalServerError', message: String(error) } } };
    }
    this.requestLog.push({ at, method, path: url.pathname, status: reply.status, policies });
    this.runDueActions();
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'x-ms-request-id': randomUUID(),
      ...reply.headers,
    });
    response.end(text);
  }

  private runDueActions(): void {
    const due = this.pendingActions.filter((p) => p.at <= this.requestLog.length);
    this.pendingActions = this.pendingActions.filter((p) => p.at > this.requestLog.length);
    for (const { action } of due) action();
  }

  private dispatch(request: ParsedRequest): { reply: Reply; policies: readonly string[] } {
    if (request.authorization?.startsWith('Bearer ') !== true) {
      throw new ArmError(
        401,
        'AuthenticationFailed',
        "Authentication failed. The 'Authorization' header is missing.",
      );
    }
    if (!request.url.searchParams.has('api-version')) {
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
    }
    let pathMatched = false;
    for (const [method, pattern, handler, charger] of this.routes) {
      const match = pattern.exec(request.url.pathname);
      if (match === null) continue;
      pathMatched = true;
      if (method !== request.method) continue;
      const decision = this.quotas.charge(charger(match, request));
      if (!decision.allowed) throw throttled(decision.policy, decision.retryAfterMs, decision.headers);
      const reply = handler(match, request);
      return {
        reply: { ...reply, headers: { ...decision.headers, ...reply.headers } },
        policies: decision.policies,
      };
    }
    if (pathMatched) {
      throw new ArmError(
        405,
        'MethodNotAllowed',
        `The simulator does not serve ${request.method} ${request.url.pathname}.`,
      );
    }
    throw new ArmError(404, 'InvalidResourceType', `The simulator does not serve ${request.url.pathname}.`);
  }

  /** A long-running operation's first response, with the polling URLs Compute sends. */
  private accepted(operation: SimulatedOperation, status: number, body: unknown): Reply {
    const base = `${this.origin}/subscriptions/${operation.subscriptionId}/providers/Microsoft.Compute/locations/${operation.location}/operations/${operation.id}`;
    return {
      status,
      body,
      headers: {
        'Azure-AsyncOperation': `${base}?p=sim&api-version=${COMPUTE_API_VERSION}`,
        Location: `${base}?p=sim&monitor=true&api-version=${COMPUTE_API_VERSION}`,
      },
    };
  }

  private operation(subscriptionId: string, operationId: string, monitor: boolean): Reply {
    const operation = this.azure.getOperation(subscriptionId, operationId);
    const status = this.azure.operationStatus(operation);
    if (monitor) {
      if (status === 'InProgress') return { status: 202 };
      if (operation.method === 'DELETE') return { status: 204 };
      const resource = this.azure.find(operation.resourceId);
      const body =
        resource?.kind === 'snapshot'
          ? snapshotJson(resource, this.azure)
          : resource?.kind === 'disk'
            ? diskJson(resource, this.azure)
            : undefined;
      return { status: 200, body };
    }
    return {
      status: 200,
      body: {
        name: operation.id,
        status,
        startTime: operation.startTime.toISOString(),
        ...(status === 'InProgress' ? {} : { endTime: operation.endTime.toISOString() }),
        ...(status === 'Failed' && operation.error !== undefined ? { error: operation.error } : {}),
      },
    };
  }

  /** One page of a list; nextLink carries the offset, like ARM's opaque $skiptoken. */
  /** One page of a list; only the page's items are turned into JSON (a group can hold 300,000 snapshots). */
  private page<T>(items: readonly T[], toJson: (item: T) => Record<string, unknown>, url: URL): Reply {
    const offset = Number(url.searchParams.get('$skiptoken') ?? '0');
    const slice = items.slice(offset, offset + this.pageSize).map(toJson);
    const body: Record<string, unknown> = { value: slice };
    if (offset + this.pageSize < items.length) {
      const next = new URL(url.href);
      next.searchParams.set('$skiptoken', String(offset + this.pageSize));
      body.nextLink = next.href;
    }
    return { status: 200, body };
  }
}

/** The 429 each service sends: ARM, Compute and Resource Graph use different codes. */
function throttled(policy: string, retryAfterMs: number, headers: Record<string, string>): ArmError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const code = policy.startsWith('Microsoft.Compute/')
    ? 'OperationNotAllowed'
    : policy === 'ResourceGraph'
      ? 'RateLimiting'
      : 'SubscriptionRequestsThrottled';
  return new ArmError(429, code, `The request was throttled by ${policy}. Retry after ${seconds} seconds.`, {
    ...headers,
    'Retry-After': String(seconds),
    'x-ms-throttled-policy': policy,
  });
}

const asLooseObject = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ArmError(400, 'InvalidRequestContent', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
