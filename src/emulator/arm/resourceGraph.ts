/**
 * `POST /providers/Microsoft.ResourceGraph/resources`: runs the KQL subset over
 * the simulated resources of the requested subscriptions and pages the result
 * like Resource Graph (at most 1,000 rows a page, `$skipToken` to continue).
 * A `$skipToken` is a cursor on the first page's result, as in Resource Graph:
 * later pages are read from it, not recomputed (300 pages over 300,000
 * snapshots would otherwise evaluate the query 300 times).
 */
import { KqlError, parseKql } from '../kql/kqlQuery';
import { ArmError } from './armError';
import { resourceGraphRow } from './resourceJson';
import type { SimulatedAzure } from './simulatedAzure';

const MAX_PAGE = 1000;
/** Results kept for their later pages; the oldest cursor is dropped first. */
const CURSORS_KEPT = 16;
const cursors = new WeakMap<SimulatedAzure, Map<string, Record<string, unknown>[]>>();
let nextCursor = 0;

interface QueryRequest {
  subscriptions?: unknown;
  query?: unknown;
  options?: { $top?: unknown; $skip?: unknown; $skipToken?: unknown; resultFormat?: unknown };
}

export function queryResourceGraph(azure: SimulatedAzure, body: unknown): Record<string, unknown> {
  const request = (typeof body === 'object' && body !== null ? body : {}) as QueryRequest;
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    throw new ArmError(400, 'BadRequest', "The request has no 'query'.");
  }
  const options = request.options ?? {};
  if (options.resultFormat !== undefined && options.resultFormat !== 'objectArray') {
    throw new ArmError(400, 'BadRequest', "The simulator returns resultFormat 'objectArray' only.");
  }
  const scope = Array.isArray(request.subscriptions)
    ? new Set(request.subscriptions.map((s) => String(s).toLowerCase()))
    : undefined;
  let parsed;
  try {
    parsed = parseKql(request.query);
  } catch (error) {
    if (error instanceof KqlError)
      throw new ArmError(400, 'InvalidQuery', `Query is invalid: ${error.message}`);
    throw error;
  }
  const token = decodeSkipToken(options.$skipToken);
  const kept = cursors.get(azure) ?? new Map<string, Record<string, unknown>[]>();
  cursors.set(azure, kept);
  let cursor = token?.cursor ?? '';
  let result = kept.get(cursor);
  if (result === undefined) {
    const rows = azure
      .allResources()
      .filter((r) => scope === undefined || scope.has(r.subscriptionId.toLowerCase()))
      .filter((r) => azure.visibleToResourceGraph(r))
      .map((r) => resourceGraphRow(r, azure));
    result = parsed.run(rows);
    cursor = String(nextCursor++);
  }
  if (result.length > 0 && !result.every((row) => 'id' in row)) {
    // Resource Graph pages only results that project `id`.
    if (result.length > MAX_PAGE) {
      throw new ArmError(
        400,
        'BadRequest',
        'Paging a result with more than 1000 rows needs the id column projected.',
      );
    }
  }
  const top = typeof options.$top === 'number' ? Math.min(options.$top, MAX_PAGE) : MAX_PAGE;
  const offset = token?.offset ?? (typeof options.$skip === 'number' ? options.$skip : 0);
  const page = result.slice(offset, offset + top);
  const more = offset + top < result.length;
  if (more) {
    kept.set(cursor, result);
    if (kept.size > CURSORS_KEPT) kept.delete(kept.keys().next().value ?? '');
  } else {
    kept.delete(cursor);
  }
  const next = more ? encodeSkipToken(cursor, offset + top) : undefined;
  return {
    totalRecords: result.length,
    count: page.length,
    resultTruncated: 'false',
    ...(next === undefined ? {} : { $skipToken: next }),
    data: page,
    facets: [],
  };
}

function encodeSkipToken(cursor: string, offset: number): string {
  return Buffer.from(JSON.stringify({ cursor, offset }), 'utf8').toString('base64');
}

function decodeSkipToken(token: unknown): { cursor?: string; offset: number } | undefined {
  if (typeof token !== 'string' || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      cursor?: unknown;
      offset?: unknown;
    };
    if (typeof parsed.offset === 'number')
      return typeof parsed.cursor === 'string'
        ? { cursor: parsed.cursor, offset: parsed.offset }
        : { offset: parsed.offset };
  } catch {
    // fall through to the error below
  }
  throw new ArmError(400, 'BadRequest', 'The $skipToken is not valid.');
}
