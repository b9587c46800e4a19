/**
 * Our implementation of `@azure/functions-core`, the module the Functions host's
 * Node worker injects and `@azure/functions` calls to register functions.
 * Outside the host we provide it ourselves (see installFunctionsCore.ts; Jest
 * maps the module name here), so every `app.*` and `df.app.*` registration is
 * captured exactly as the host would receive it: the binding metadata and the
 * handler the library built (for orchestrators, the durable-functions replay
 * wrapper).
 */

export interface BindingMetadata {
  readonly type: string;
  readonly direction: 'in' | 'out' | 'inout';
  readonly name?: string;
  readonly [property: string]: unknown;
}

export interface FunctionMetadata {
  readonly name: string;
  readonly bindings: Readonly<Record<string, BindingMetadata>>;
  readonly retryOptions?: unknown;
}

/** What the host calls: `(triggerInput, invocationContext)` for every function kind we use. */
export type FunctionCallback = (...args: unknown[]) => unknown;

export interface RegisteredFunction {
  readonly metadata: FunctionMetadata;
  readonly callback: FunctionCallback;
}

const registrations = new Map<string, RegisteredFunction>();
let programmingModel: unknown;

export function registerFunction(
  metadata: FunctionMetadata,
  callback: FunctionCallback,
): { dispose(): void } {
  if (registrations.has(metadata.name.toLowerCase())) {
    throw new Error(`A function named "${metadata.name}" is already registered.`);
  }
  registrations.set(metadata.name.toLowerCase(), { metadata, callback });
  return { dispose: () => registrations.delete(metadata.name.toLowerCase()) };
}

export function setProgrammingModel(model: unknown): void {
  programmingModel = model;
}

export function getProgrammingModel(): unknown {
  return programmingModel;
}

/** What the worker hands an invocation hook; `@azure/functions` wraps it in its hook context classes. */
export interface InvocationHookContext {
  readonly invocationContext: unknown;
  inputs: unknown[];
  result?: unknown;
  error?: unknown;
  /** Pre-invocation only: the function to call, which a hook may replace. */
  functionCallback?: FunctionCallback;
  readonly hookData: Record<string, unknown>;
}

export type HookCallback = (context: InvocationHookContext) => unknown;

const hooks = new Map<string, HookCallback[]>();

/** Hooks (app.hook.*): the invocation hooks run around every call, as in the worker; others are kept unused. */
export function registerHook(hookName: string, callback: HookCallback): { dispose(): void } {
  const list = hooks.get(hookName) ?? [];
  list.push(callback);
  hooks.set(hookName, list);
  return {
    dispose: () => {
      const index = list.indexOf(callback);
      if (index >= 0) list.splice(index, 1);
    },
  };
}

/** The hooks registered under `hookName`, in registration order. */
export function registeredHooks(hookName: 'preInvocation' | 'postInvocation'): readonly HookCallback[] {
  return [...(hooks.get(hookName) ?? [])];
}

/** Every function registered so far, in registration order. */
export function registeredFunctions(): readonly RegisteredFunction[] {
  return [...registrations.values()];
}

/** Function names are case-insensitive in Azure Functions. */
export function findRegisteredFunction(name: string): RegisteredFunction | undefined {
  return registrations.get(name.toLowerCase());
}

export function triggerBindingOf(fn: RegisteredFunction): BindingMetadata {
  const trigger = Object.values(fn.metadata.bindings).find(
    (binding) => binding.direction === 'in' && /trigger$/i.test(binding.type),
  );
  if (trigger === undefined) throw new Error(`Function "${fn.metadata.name}" has no trigger binding.`);
  return trigger;
}
