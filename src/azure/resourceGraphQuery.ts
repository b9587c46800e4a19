/**
 * Runs a Resource Graph query to the end: batches of at most 250 subscriptions
 * (Resource Graph's guidance is under 300) and `$skipToken` paging at up to
 * 1,000 rows a page. No subscriptions means every one the identity can read.
 * Resource Graph allows about 15 requests per 5 s, so a long result (30 pages
 * for 30,000 snapshots) meets its 429 part-way: the page is asked again after
 * the short Retry-After it gives, on the process clock, instead of the whole
 * read failing and starting over.
 */
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { classifyFailure } from '../domain/errorClassification';
import { processClock } from '../runtime/processClock';
import { toAzureFailure } from './azureFailure';

/** Waits for one page before the 429 is handed to the caller (whose retry waits on a durable timer). */
const PAGE_THROTTLE_WAITS = 30;
/** Resource Graph's Retry-After is seconds; a longer one is the caller's to wait out. */
const LONGEST_PAGE_WAIT_MS = 30_000;

async function withPageThrottling<T>(request: () => Promise<T>): Promise<T> {
  for (let waits = 0; ; waits++) {
    try {
      return await request();
    } catch (error) {
      const failure = classifyFailure(toAzureFailure(error));
      if (
        failure.kind !== 'throttled' ||
        waits >= PAGE_THROTTLE_WAITS ||
        failure.retryAfterMs > LONGEST_PAGE_WAIT_MS
      )
        throw error;
      const clock = processClock();
      await clock.sleepUntil(new Date(clock.now().getTime() + failure.retryAfterMs));
    }
  }
}

export const SUBSCRIPTIONS_PER_QUERY = 250;

/**
 * Hands each page of rows to `onRows` as it arrives, so a caller that keeps only
 * a digest of each row never holds the whole result (300,000 snapshots is about
 * a gigabyte as objects).
 */
export async function forEachRowPage(
  graph: ResourceGraphClient,
  query: string,
  subscriptions: readonly string[],
  onRows: (rows: readonly Record<string, unknown>[]) => void,
): Promise<void> {
  const batches: (readonly string[] | undefined)[] = subscriptions.length === 0 ? [undefined] : [];
  for (let i = 0; i < subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) {
    batches.push(subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY));
  }
  for (const batch of batches) {
    let skipToken: string | undefined;
    do {
      const token = skipToken;
      const page = await withPageThrottling(() =>
        graph.resources({
          query,
          ...(batch === undefined ? {} : { subscriptions: [...batch] }),
          options: { resultFormat: 'objectArray', ...(token === undefined ? {} : { skipToken: token }) },
        }),
      );
      if (Array.isArray(page.data)) onRows(page.data as Record<string, unknown>[]);
      skipToken = page.skipToken;
    } while (skipToken !== undefined && skipToken !== '');
  }
}

export async function queryAllRows(
  graph: ResourceGraphClient,
  query: string,
  subscriptions: readonly string[],
): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  await forEachRowPage(graph, query, subscriptions, (page) => {
    for (const row of page) rows.push(row);
  });
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
