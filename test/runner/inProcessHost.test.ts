import { app, type HttpRequest, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { VirtualClock } from '../../src/runtime/clock';
import { InProcessHost, loadFunctionApp } from '../../src/runner/inProcessHost';

// A starter written the way our HTTP triggers are: df.getClient + check-status response.
app.http('startTest', {
  route: 'start/{name}',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => {
    const client = df.getClient(context);
    const instanceId = request.params.instanceId;
    const existing =
      instanceId === undefined ? undefined : await client.getStatus(instanceId).catch(() => undefined);
    const active = [df.OrchestrationRuntimeStatus.Pending, df.OrchestrationRuntimeStatus.Running];
    if (existing !== undefined && active.includes(existing.runtimeStatus)) {
      return { status: 409, jsonBody: { error: `run ${existing.instanceId} is still running` } };
    }
    const id = await client.startNew(request.params.name ?? '', {
      input: await request.json(),
      ...(instanceId === undefined ? {} : { instanceId }),
    });
    return client.createCheckStatusResponse(request, id);
  },
});
app.http('terminateTest', {
  route: 'terminate/{instanceId}',
  methods: ['POST'],
  extraInputs: [df.input.durableClient()],
  handler: async (request: HttpRequest, context: InvocationContext) => {
    await df.getClient(context).terminate(request.params.instanceId ?? '', 'asked to stop');
    return { status: 204 };
  },
});

app.http('listTest', {
  methods: ['GET'],
  extraInputs: [df.input.durableClient()],
  handler: async (_request: HttpRequest, context: InvocationContext) => {
    const running = await df.getClient(context).getStatusBy({
      runtimeStatus: [df.OrchestrationRuntimeStatus.Pending, df.OrchestrationRuntimeStatus.Running],
    });
    return { jsonBody: running.map((s) => s.instanceId).sort() };
  },
});

df.app.activity('greet', { handler: (name: string) => `hello ${name}` });
df.app.orchestration('greeter', function* (context: OrchestrationContext): Generator<Task, unknown, unknown> {
  const names = context.df.getInput<string[]>();
  const greetings = (yield context.df.Task.all(
    names.map((n) => context.df.callActivity('greet', n)),
  )) as string[];
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 60_000));
  return greetings;
});

loadFunctionApp();

const start = new Date('2026-11-01T00:00:00Z');
let host: InProcessHost;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock(start);
  host = await InProcessHost.start({ clock });
});
afterEach(async () => {
  await host.stop();
});

const post = (path: string, body: unknown) => ({
  method: 'POST',
  url: `${host.origin}/api/${path}`,
  body: { string: JSON.stringify(body) },
  headers: { 'content-type': 'application/json' },
});

describe('InProcessHost triggers', () => {
  it('runs an HTTP starter unchanged: df.getClient starts the run and answers with the check-status links', async () => {
    const response = await host.invokeHttp('startTest', {
      ...post('start/greeter', ['ada', 'linus']),
      params: { name: 'greeter' },
    });
    expect(response.status).toBe(202);
    const links = (await response.json()) as {
      id: string;
      statusQueryGetUri: string;
      terminatePostUri: string;
    };
    expect(links.statusQueryGetUri).toBe(
      `${host.origin}/runtime/webhooks/durabletask/instances/${links.id}?taskHub=InProcess&connection=Storage`,
    );
    expect(response.headers.get('location')).toBe(links.statusQueryGetUri);

    const running = await fetch(links.statusQueryGetUri);
    expect(running.status).toBe(202);
    expect(await running.json()).toMatchObject({
      name: 'greeter',
      runtimeStatus: 'Pending',
      input: ['ada', 'linus'],
    });

    await host.runner.waitForCompletion(links.id);
    const done = await fetch(links.statusQueryGetUri);
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      runtimeStatus: 'Completed',
      output: ['hello ada', 'hello linus'],
    });
  });

  it('lets a starter see an unfinished instance through getStatus: at most one run per instance id', async () => {
    const start = () =>
      host.invokeHttp('startTest', {
        ...post('start/greeter', ['a']),
        params: { name: 'greeter', instanceId: 'slot-1' },
      });
    expect((await start()).status).toBe(202);
    const second = await start();
    expect(second.status).toBe(409);
    expect(await second.json()).toEqual({ error: 'run slot-1 is still running' });
    await host.runner.waitForCompletion('slot-1');
    expect((await start()).status).toBe(202);
  });

  it('lists unfinished instances by status through the client', async () => {
    await host.runner.waitForCompletion(
      host.runner.startNew('greeter', { input: ['z'], instanceId: 'done' }),
    );
    host.runner.startNew('greeter', { input: ['x'], instanceId: 'b' });
    host.runner.startNew('greeter', { input: ['y'], instanceId: 'a' });
    const response = await host.invokeHttp('listTest', { method: 'GET', url: `${host.origin}/api/listTest` });
    expect(await response.json()).toEqual(['a', 'b']);
  });

  it('terminates through the client', async () => {
    const id = host.runner.startNew('greeter', { input: ['x'] });
    const response = await host.invokeHttp('terminateTest', {
      method: 'POST',
      url: `${host.origin}/api/terminate/${id}`,
      params: { instanceId: id },
    });
    expect(response.status).toBe(204);
    expect(host.runner.getStatus(id)).toMatchObject({ runtimeStatus: 'Terminated', output: 'asked to stop' });
  });

  it('runs the real purgeHistory timer: finished runs older than the retention are purged, newer ones kept', async () => {
    const old = host.runner.startNew('greeter', { input: ['old'] });
    await host.runner.waitForCompletion(old);
    clock.advanceBy(31 * 24 * 3600 * 1000);
    const recent = host.runner.startNew('greeter', { input: ['recent'] });
    await host.runner.waitForCompletion(recent);

    await host.invokeTimer('purgeHistory');

    expect(host.runner.getStatus(old)).toBeUndefined();
    expect(host.runner.getStatus(recent)?.runtimeStatus).toBe('Completed');
  });

  it('refuses to invoke a function through the wrong trigger', async () => {
    await expect(host.invokeTimer('startTest')).rejects.toThrow(
      'Function "startTest" has a httpTrigger, not a timerTrigger.',
    );
  });
});
