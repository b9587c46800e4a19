/**
 * Virtual time across processes. When the emulated Azure runs in a process of
 * its own (the benchmark does this, so the app's memory is measured alone),
 * each request carries the caller's virtual time in a header and the ARM
 * simulator moves its own clock forward to it before answering: creations,
 * deletes and quota windows then run on the caller's clock, as they do when
 * the simulator shares it in one process.
 */
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { AdditionalPolicyConfig } from '../azure/azureConnection';
import type { Clock } from '../runtime/clock';

export const VIRTUAL_TIME_HEADER = 'x-emulator-virtual-time';

/** Sets the header on every attempt (a retry happens later in virtual time too). */
export function virtualTimePolicy(clock: Clock): AdditionalPolicyConfig {
  const policy: PipelinePolicy = {
    name: 'emulatorVirtualTime',
    sendRequest: (request, next) => {
      request.headers.set(VIRTUAL_TIME_HEADER, clock.now().toISOString());
      return next(request);
    },
  };
  return { policy, position: 'perRetry' };
}

/** The instant a request's header names; undefined when absent. Anything else is a caller's bug. */
export function virtualTimeOf(header: string | string[] | undefined): Date | undefined {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header[0] : header;
  const instant = new Date(text ?? '');
  if (Number.isNaN(instant.getTime()))
    throw new Error(
      `${VIRTUAL_TIME_HEADER} must be an ISO instant such as 2026-11-25T00:00:00.000Z, not '${String(text)}'.`,
    );
  return instant;
}
