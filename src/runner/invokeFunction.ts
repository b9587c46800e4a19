/**
 * Calls a registered function the way the host's Node worker does: an
 * InvocationContext built from the function's binding metadata, the trigger
 * input first, the context last.
 */
import { randomUUID } from 'node:crypto';
import { format } from 'node:util';
import { InvocationContext, type FunctionInput, type FunctionTrigger } from '@azure/functions';
import { triggerBindingOf, type RegisteredFunction } from './functionsCore';

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

export async function invokeFunction(
  fn: RegisteredFunction,
  triggerInput: unknown,
  context: InvocationContext,
): Promise<unknown> {
  return await Promise.resolve(fn.callback(triggerInput, context));
}
