/**
 * Starting a slot's run at most once. The instance id is derived from the
 * slot's UTC instant, and the run starts only when that instance is absent,
 * failed or terminated — so a timer that fires twice, or two hosts ticking at
 * once, start one run.
 */
import * as df from 'durable-functions';
import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';

const RESTARTABLE = new Set<string>([
  df.OrchestrationRuntimeStatus.Failed,
  df.OrchestrationRuntimeStatus.Terminated,
]);

export async function instanceStatus(
  client: DurableClient,
  instanceId: string,
): Promise<DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId);
  } catch (error) {
    // The client reports an absent instance as an error mentioning HTTP 404.
    if (error instanceof Error && /404/.test(error.message)) return undefined;
    throw error;
  }
}

export type StartOutcome =
  | { readonly started: true; readonly instanceId: string }
  | { readonly started: false; readonly instanceId: string; readonly runtimeStatus: string };

/** Starts `orchestrator` under `instanceId` unless that instance has already run or is running. */
export async function startOnce(
  client: DurableClient,
  orchestrator: string,
  instanceId: string,
  input: unknown,
  options: { readonly restartCompleted: boolean } = { restartCompleted: false },
): Promise<StartOutcome> {
  const status = await instanceStatus(client, instanceId);
  const restartable =
    status === undefined ||
    RESTARTABLE.has(status.runtimeStatus) ||
    (options.restartCompleted && status.runtimeStatus === df.OrchestrationRuntimeStatus.Completed);
  if (!restartable) return { started: false, instanceId, runtimeStatus: status.runtimeStatus };
  await client.startNew(orchestrator, { instanceId, input });
  return { started: true, instanceId };
}
