import type {
  BatchItem,
  CustomBatchingPrioritizationStrategy,
  EvaluationPriority,
  LlamaContextSequence,
} from 'node-llama-cpp';

/*
 * llama.cpp decodes a batch whose tokens come from many sequences about 2-3x slower when those
 * sequences are not in ascending id order (measured on CPU with smollm2-135m: 16 one-token
 * sequences in 31 ms sorted, 114 ms reversed). node-llama-cpp queues tokens in the order their
 * sampling happened to finish, i.e. at random. Its batch items carry no sequence id, only an
 * evaluation priority, so each request passes a priority derived from its sequence id and the
 * strategy below sorts by it.
 */

/** The context-native id of a sequence; node-llama-cpp keeps it private, so this may be undefined. */
export function nativeSequenceId(sequence: LlamaContextSequence): number | undefined {
  const id = (sequence as unknown as { _sequenceId?: unknown })._sequenceId;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined;
}

/**
 * A priority in (4, 5] that falls as the sequence id grows, so "higher priority first" is
 * "lower id first". Outside the library's documented 1..5 integers, which it only compares.
 */
export function sequenceOrderPriority(sequenceId: number | undefined): EvaluationPriority {
  const priority = sequenceId === undefined ? 5 : 4 + 1 / (sequenceId + 1);
  return priority as EvaluationPriority;
}

/**
 * Fills a batch of `size` tokens: items in descending priority (ascending sequence id), each first
 * getting an equal share so that one long prompt cannot starve the generating sequences, then
 * whatever is left in the same order.
 */
export const sequenceOrderStrategy: CustomBatchingPrioritizationStrategy = ({ items, size }) => {
  const sorted: BatchItem[] = [...items].sort((a, b) => b.evaluationPriority - a.evaluationPriority);
  const share = Math.max(1, Math.floor(size / Math.max(1, sorted.length)));
  let left = size;
  const batch = [];
  for (const item of sorted) {
    const amount = Math.min(item.tokens.length, share, left);
    if (amount <= 0) break;
    batch.push({ item, processAmount: amount });
    left -= amount;
  }
  for (const entry of batch) {
    if (left <= 0) break;
    const extra = Math.min(entry.item.tokens.length - entry.processAmount, left);
    entry.processAmount += extra;
    left -= extra;
  }
  return batch;
};
