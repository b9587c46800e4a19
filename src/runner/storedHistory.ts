/**
 * A finished instance's history as the runner keeps it: gzipped JSON, the way
 * a task hub stores histories (the Azure Storage provider compresses large
 * payloads too) rather than as live objects in the worker. A night's run at
 * 10,000 disks leaves a few hundred finished sub-orchestrations; kept as
 * objects their histories were the largest part of the process's heap.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { HistoryEvent } from './historyEvents';

export function storeHistory(history: readonly HistoryEvent[]): Buffer {
  return gzipSync(JSON.stringify(history));
}

/** The events as they were: `Timestamp` and `FireAt` come back as Dates. */
export function loadHistory(stored: Buffer): HistoryEvent[] {
  return JSON.parse(gunzipSync(stored).toString('utf8'), (key, value: unknown) =>
    (key === 'Timestamp' || key === 'FireAt') && typeof value === 'string' ? new Date(value) : value,
  ) as HistoryEvent[];
}
