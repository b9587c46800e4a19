/**
 * Runs a Resource Graph query to the end: batches of at most 250 subscriptions
 * (Resource Graph's guidance is under 300) and `$skipToken` paging at up to
 * 1,000 rows a page. No subscriptions means every one the identity can read.
 */
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';

export const SUBSCRIPTIONS_PER_QUERY = 250;

export async function queryAllRows(
  graph: ResourceGraphClient,
  query: string,
  subscriptions: readonly string[],
): Promise<Record<string, unknown>[]> {
  const batches: (readonly string[] | undefined)[] = subscriptions.length === 0 ? [undefined] : [];
  for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) {
    batches.push(subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY));
  }
  const rows: Record<string, unknown>[] = [];
  for (const batch of batches) {
    let skipToken: string | undefined;
    do {
      const page = await graph.resources({
        query,
        ...(batch === undefined ? {} : { subscriptions: [...batch] }),
        options: { resultFormat: 'objectArray', ...(skipToken === undefined ? {} : { skipToken }) },
      });
      if (Array.isArray(page.data)) rows.push(...(page.data as Record<string, unknown>[]));
      skipToken = page.skipToken;
    } while (skipToken !== undefined && skipToken !== '');
  }
  return rows;
}

/** A row's tags as plain strings (Resource Graph returns them as a JSON object). */
export function tagsOf(row: Record<string, unknown>): Record<string, string> {
  const tags: Record<string, string> = {};
  if (typeof row.tags === 'object' && row.tags !== null) {
    for (const [key, value] of Object.entries(row.tags)) if (typeof value === 'string') tags[key] = value;
  }
  return tags;
}

export const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
