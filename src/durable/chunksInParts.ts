/**
 * Running a subscription's chunks in parts of PART_CHUNKS (see chunkSequence):
 * the caller wakes once per part. A generator helper: only `context.df` calls,
 * composed with `yield*`.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  CHUNK_SEQUENCE,
  type ChunkOrchestrator,
  type ChunkSequenceInput,
} from '../orchestrators/chunkSequence';

/** Chunks per part: 10 chunks of 200 disks, so a part is 2,000 disks. */
export const PART_CHUNKS = 10;

/** What every chunk orchestrator takes: its items, and how large its first paced wave may be. */
export interface PacedChunkInput {
  readonly items: readonly unknown[];
  readonly firstWave: number;
}

/**
 * Runs `chunkItems` (the activity inputs of each chunk) through `orchestrator`,
 * one chunk after another, PART_CHUNKS per part. `onChunk` gets each chunk's
 * index and answer as soon as its part is done, so the caller can record
 * results and progress. The answers are the chunk orchestrator's output, as it
 * came through the history. `common` goes into every chunk's input once, not
 * into each item.
 */
export function* runChunksInParts(
  context: OrchestrationContext,
  orchestrator: ChunkOrchestrator,
  chunkItems: readonly (readonly unknown[])[],
  onChunk: (index: number, answers: readonly unknown[]) => void,
  common: object = {},
): Generator<Task, void, unknown> {
  const chunks = chunkItems.map((items, index): PacedChunkInput => ({
    ...common,
    items,
    // The chunk before has likely used up the quota: probe with one and grow from what Azure reports.
    firstWave: index === 0 ? 20 : 1,
  }));
  for (let part = 0; part * PART_CHUNKS < chunks.length; part++) {
    const partChunks = chunks.slice(part * PART_CHUNKS, (part + 1) * PART_CHUNKS);
    const input: ChunkSequenceInput = { orchestrator, chunks: partChunks };
    const answers = (yield context.df.callSubOrchestrator(
      CHUNK_SEQUENCE,
      input,
      `${context.df.instanceId}:part${part}`,
    )) as unknown[][];
    for (const [offset, chunkAnswers] of answers.entries())
      onChunk(part * PART_CHUNKS + offset, chunkAnswers);
  }
}
