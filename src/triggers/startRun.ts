/**
 * HTTP starter: `POST /api/runs/{kind}` (function key) starts a run now or for
 * a given slot, optionally as a dry run or narrowed by filters, and answers
 * with the Durable check-status response (202, statusQueryGetUri and the
 * management URLs). Bad input gets a 400 that names the problem, and nothing
 * is started.
 */
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { manualSlot, type Slot } from '../domain/scheduleSlots';
import { processClock } from '../runtime/processClock';
import { appSettings } from '../settings/appSettings';
import { runOf } from '../starters/runInput';
import { parseRunRequest } from '../starters/runRequest';
import { startOnce } from '../starters/slotStarter';

const KINDS = ['backup', 'cleanup', 'reconcile'] as const;
type Kind = (typeof KINDS)[number];
const isKind = (value: string): value is Kind => (KINDS as readonly string[]).includes(value);

/** Filters for 10,000 disks fit easily; anything larger is not a run request. */
const MAX_BODY_BYTES = 1024 * 1024;

const badRequest = (error: string, problems: string[] = []): HttpResponseInit => ({
  status: 400,
  jsonBody: { error, ...(problems.length > 0 ? { problems } : {}) },
});

export async function startRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const kind = request.params.kind ?? '';
  if (!isKind(kind)) {
    return badRequest(`Unknown run kind "${kind}": expected one of ${KINDS.join(', ')}.`);
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return badRequest(
      `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB; narrow the run with fewer filters.`,
    );
  }
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      return badRequest('The request body is not JSON: send a JSON object such as {"dryRun": true}.');
    }
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return badRequest('The request body must be a JSON object such as {"dryRun": true}.');
  }
  const parsed = parseRunRequest(body);
  if (!parsed.ok) return badRequest('The request body is not valid.', parsed.problems);

  const settings = appSettings();
  const now = processClock().now();
  // A run for a given slot uses that instant (to the minute); without one, now.
  const slot: Slot = manualSlot(parsed.request.slot ?? now, settings.timeZone, kind);
  const run = runOf(settings, slot, { dryRun: parsed.request.dryRun, filters: parsed.request.filters });
  const instanceId = run.instanceId;
  const client = df.getClient(context);
  const outcome = await startOnce(client, run.orchestrator, instanceId, run.input, {
    restartCompleted: true,
  });
  context.log(JSON.stringify({ trigger: 'startRun', kind, ...outcome }));
  if (!outcome.started) {
    return {
      status: 409,
      jsonBody: {
        error: `Run ${instanceId} is already ${outcome.runtimeStatus}.`,
        id: instanceId,
        statusQueryGetUri: client.createHttpManagementPayload(instanceId).statusQueryGetUri,
      },
    };
  }
  return client.createCheckStatusResponse(request, instanceId);
}

app.http('startRun', {
  route: 'runs/{kind}',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: startRun,
});
