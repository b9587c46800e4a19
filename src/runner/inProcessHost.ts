/**
 * The Functions app hosted in this process: the registered functions, the
 * orchestration runner, and the Durable HTTP API their durable clients talk to.
 * Triggers are invoked exactly as the host would invoke them (their own
 * handler, an InvocationContext with the durableClient binding data), so the
 * code that runs in Azure is the code that runs here.
 */
import {
  HttpRequest,
  HttpResponse,
  type HttpRequestInit,
  type HttpResponseInit,
  type Timer,
} from '@azure/functions';
import type { Clock } from '../runtime/clock';
import { useProcessClock } from '../runtime/processClock';
import { DurableHttpApi } from './durableHttpApi';
import { findRegisteredFunction, triggerBindingOf, type RegisteredFunction } from './functionsCore';
import { installFunctionsCore } from './installFunctionsCore';
import { createInvocationContext, invokeFunction, type FunctionLogger } from './invokeFunction';
import { OrchestrationRunner, type RunnerOptions } from './orchestrationRunner';

export interface InProcessHostOptions extends RunnerOptions {
  readonly taskHubName?: string;
}

/**
 * Loads the Functions app (every function file, via src/app) with our
 * `@azure/functions-core` in place, as the host's worker would load `main`.
 */
export function loadFunctionApp(): void {
  installFunctionsCore();
  // A plain require keeps this loadable by Jest's CommonJS loader too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../app');
}

export class InProcessHost {
  readonly runner: OrchestrationRunner;
  private readonly api: DurableHttpApi;
  private readonly log: FunctionLogger;

  private constructor(options: InProcessHostOptions) {
    this.runner = new OrchestrationRunner(options);
    this.api = new DurableHttpApi(this.runner, options.taskHubName ?? 'InProcess');
    this.log = options.log ?? (() => undefined);
  }

  static async start(options: InProcessHostOptions): Promise<InProcessHost> {
    const host = new InProcessHost(options);
    useProcessClock(options.clock);
    await host.api.start();
    return host;
  }

  get clock(): Clock {
    return this.runner.clock;
  }

  /** Origin of the loopback server, for building request URLs the check-status links point back to. */
  get origin(): string {
    return this.api.baseOrigin;
  }

  async invokeHttp(functionName: string, init: HttpRequestInit): Promise<HttpResponse> {
    const fn = this.triggerFunction(functionName, 'httpTrigger');
    const context = createInvocationContext(
      fn,
      this.log,
      new Map([['durableClient', this.api.bindingData()]]),
    );
    const result = await invokeFunction(fn, new HttpRequest(init), context);
    return result instanceof HttpResponse ? result : new HttpResponse(result as HttpResponseInit | undefined);
  }

  /** Fires a timer function now, as a punctual tick (not past due) unless `timer` says otherwise. */
  async invokeTimer(functionName: string, timer?: Timer): Promise<void> {
    const now = this.clock.now().toISOString();
    const tick: Timer = timer ?? {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: now, next: now, lastUpdated: now },
    };
    const fn = this.triggerFunction(functionName, 'timerTrigger');
    const context = createInvocationContext(
      fn,
      this.log,
      new Map([['durableClient', this.api.bindingData()]]),
    );
    await invokeFunction(fn, tick, context);
  }

  async stop(): Promise<void> {
    await this.api.stop();
  }

  private triggerFunction(name: string, triggerType: string): RegisteredFunction {
    const fn = findRegisteredFunction(name);
    if (fn === undefined) throw new Error(`No function named "${name}" is registered.`);
    const type = triggerBindingOf(fn).type;
    if (type !== triggerType) throw new Error(`Function "${name}" has a ${type}, not a ${triggerType}.`);
    return fn;
  }
}
