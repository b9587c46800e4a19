import { InvocationContext } from '@azure/functions';
import {
  registerHook,
  type InvocationHookContext,
  type RegisteredFunction,
} from '../../src/runner/functionsCore';
import { invokeFunction } from '../../src/runner/invokeFunction';

const fn = (callback: RegisteredFunction['callback']): RegisteredFunction => ({
  metadata: { name: 'probe', bindings: { trigger: { type: 'activityTrigger', direction: 'in' } } },
  callback,
});
const context = () => new InvocationContext({ functionName: 'probe' });

describe('invokeFunction', () => {
  it('runs post-invocation hooks with the inputs and result, which a hook may replace', async () => {
    const seen: InvocationHookContext[] = [];
    const hook = registerHook('postInvocation', (hookContext) => {
      seen.push({ ...hookContext });
      hookContext.result = 'replaced';
    });
    try {
      const result = await invokeFunction(
        fn((n) => Number(n) * 2),
        21,
        context(),
      );
      expect(result).toBe('replaced');
      expect(seen.map((s) => [s.inputs, s.result])).toEqual([[[21], 42]]);
    } finally {
      hook.dispose();
    }
  });

  it('shows a post-invocation hook the error, then throws it', async () => {
    const errors: unknown[] = [];
    const hook = registerHook('postInvocation', (hookContext) => {
      errors.push(hookContext.error);
    });
    try {
      await expect(
        invokeFunction(
          fn(() => {
            throw new Error('boom');
          }),
          undefined,
          context(),
        ),
      ).rejects.toThrow('boom');
      expect(errors).toEqual([new Error('boom')]);
    } finally {
      hook.dispose();
    }
  });
});
