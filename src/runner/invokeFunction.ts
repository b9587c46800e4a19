/**
 * Calls a registered function the way the host's Node worker does: an
 * InvocationContext built from the function's binding metadata, the trigger
 * input first, the context last, with the app's invocation hooks around it.
 */
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { InvocationContext, type FunctionInput, type FunctionTrigger } from '@azure/functions';
import {
  registeredHooks,
  triggerBindingOf,
  type InvocationHookContext,
  type RegisteredFunction,
} from './functionsCore';

export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type FunctionLogger = (level: LogLevel, functionName: string, message: string) => void;

export function createInvocationContext(
  fn: RegisteredFunction,
  log: FunctionLogger,
  extraInputValues: ReadonlyMap<string, unknown> = new Map(),
): InvocationContext {
  const trigger = triggerBindingOf(fn);
  const extraInputs = Object.entries(fn.metadata.bindings)
    .filter(([, binding]) => binding.direction === 'in' && binding !== trigger)
    .map(([name, binding]): FunctionInput => ({ ...binding, name }));
  const functionName = fn.metadata.name;
  const context = new InvocationContext({
    functionName,
    invocationId: randomUUID(),
    logHandler: (level, ...args) => {
      log(level, functionName, format(...args));
    },
    options: { trigger: trigger as unknown as FunctionTrigger, extraInputs, extraOutputs: [] },
  });
  for (const input of extraInputs) {
    const value = extraInputValues.get(input.type);
    if (value !== undefined) context.extraInputs.set(input, value);
  }
  return context;
}

/**
 * Runs the function between its pre- and post-invocation hooks, as the worker
 * does: a pre-invocation hook sees the inputs and the function, a
 * post-invocation hook the result or error; each may replace what it sees.
 */
export async function invokeFunction(
  fn: RegisteredFunction,
  triggerInput: unknown,
  context: InvocationContext,
): Promise<unknown> {
  const hookData: Record<string, unknown> = {};
  const pre: InvocationHookContext = {
    invocationContext: context,
    inputs: [triggerInput],
    functionCallback: fn.callback,
    hookData,
  };
  for (const hook of registeredHooks('preInvocation')) await hook(pre);
  const call = pre.functionCallback ?? fn.callback;
  const post: InvocationHookContext = { invocationContext: context, inputs: pre.inputs, hookData };
  try {
    post.result = await Promise.resolve(call(...pre.inputs, context));
  } catch (error) {
    post.error = error;
  }
  for (const hook of registeredHooks('postInvocation')) await hook(post);
  if (post.error === undefined) return post.result;
  throw post.error instanceof Error
    ? post.error
    : new Error(`The function threw ${JSON.stringify(post.error)}`);
}
