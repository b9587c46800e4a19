/**
 * Makes `require('@azure/functions-core')` resolve to our registry, the way the
 * Functions host's Node worker injects its own. Must run before the first
 * `app.*` call (which is when `@azure/functions` looks the module up). Inside
 * the real host the worker's module wins and this is never called.
 */
import Module from 'node:module';
import * as functionsCore from './functionsCore';

const CORE_MODULE = '@azure/functions-core';
let installed = false;

export function installFunctionsCore(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- rebound below with the caller's `this`
  const originalRequire = Module.prototype.require;
  const patched = function (this: NodeJS.Module, id: string): unknown {
    return id === CORE_MODULE ? functionsCore : originalRequire.call(this, id);
  };
  Module.prototype.require = Object.assign(patched, originalRequire) as NodeJS.Require;
}
