/**
 * The body of a manual run request (HTTP starter, and later the CLI):
 * `{ dryRun?, slot?, subscriptions?, resourceGroups?, disks? }`. Every refusal
 * names the field, the bad value and what is accepted.
 */
import { z } from 'zod';
import type { RunFilters } from '../domain/backupRun';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const runRequest = z
  .object({
    dryRun: z.boolean({ error: 'expected true or false' }).optional(),
    slot: z.iso
      .datetime({ offset: true, error: 'expected an ISO 8601 time with a zone, e.g. "2026-11-24T23:00:00Z"' })
      .optional(),
    subscriptions: z
      .array(z.string().regex(GUID, 'expected a subscription id (GUID)'))
      .max(1000, 'expected at most 1,000 subscriptions')
      .optional(),
    resourceGroups: z
      .array(z.string().min(1, 'expected a resource group name').max(90, 'expected at most 90 characters'))
      .max(1000, 'expected at most 1,000 resource groups')
      .optional(),
    disks: z
      .array(
        z
          .string()
          .min(1, 'expected a disk name or resource id')
          .max(1000, 'expected at most 1,000 characters'),
      )
      .max(10_000, 'expected at most 10,000 disks')
      .optional(),
  })
  .strict();

export interface RunRequest {
  readonly dryRun: boolean;
  readonly slot?: Date;
  readonly filters: RunFilters;
}

export type ParsedRunRequest =
  { readonly ok: true; readonly request: RunRequest } | { readonly ok: false; readonly problems: string[] };

export function parseRunRequest(body: unknown): ParsedRunRequest {
  const result = runRequest.safeParse(body ?? {});
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => {
        if (issue.path.length === 0) return issue.message;
        const path = issue.path.map(String).join('.');
        const value = issue.path.reduce<unknown>(
          (current, key) =>
            typeof current === 'object' && current !== null
              ? (current as Record<PropertyKey, unknown>)[key]
              : undefined,
          body,
        );
        // Echo the bad value when it is a short scalar; never echo whole arrays or objects back.
        const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
        const shown = scalar ? JSON.stringify(value) : undefined;
        const echo = shown === undefined ? '' : `=${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}`;
        return `${path}${echo}: ${issue.message}`;
      }),
    };
  }
  const { dryRun, slot, subscriptions, resourceGroups, disks } = result.data;
  return {
    ok: true,
    request: {
      dryRun: dryRun ?? false,
      ...(slot === undefined ? {} : { slot: new Date(slot) }),
      filters: {
        subscriptions: (subscriptions ?? []).map((s) => s.toLowerCase()),
        resourceGroups: resourceGroups ?? [],
        disks: disks ?? [],
      },
    },
  };
}
