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

/** Hooks (app.hook.*) are accepted and ignored: none of our code registers any. */
export function registerHook(): { dispose(): void } {
  return { dispose: () => undefined };
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
