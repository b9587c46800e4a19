/**
 * Sub-orchestration: chunk sub-orchestrations run one after another — one part
 * of a subscription's writes. Why a level of its own: an orchestrator replays
 * its whole history on every episode, and a subscription's history holds every
 * disk of it (its input, the chunk answers). Waking the subscription once per
 * part instead of once per chunk keeps its replay cost per disk nearly flat as
 * the fleet grows, while each chunk's history stays small.
 */
import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';

export const CHUNK_SEQUENCE = 'chunkSequence';

/** The chunk orchestrators a sequence may run. */
export type ChunkOrchestrator = 'backupChunk' | 'cleanupChunk';

export interface ChunkSequenceInput {
  readonly orchestrator: ChunkOrchestrator;
  readonly chunks: readonly unknown[];
}

/** Each chunk's answer, in chunk order. */
export function* chunkSequence(context: OrchestrationContext): Generator<Task, unknown[][], unknown> {
  const input = context.df.getInput<ChunkSequenceInput>();
  const answers: unknown[][] = [];
  for (const [index, chunk] of input.chunks.entries()) {
    answers.push(
      (yield context.df.callSubOrchestrator(
        input.orchestrator,
        chunk,
        `${context.df.instanceId}:chunk${index}`,
      )) as unknown[],
    );
  }
  return answers;
}

df.app.orchestration(CHUNK_SEQUENCE, chunkSequence);
