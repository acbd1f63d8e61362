/**
 * Whether a call should wait for an earlier call that is evaluating the same prompt prefix and
 * copy its KV state (borrow), or evaluate the prefix itself on its own sequence at the same time
 * (own). With r the prompt evaluation rate of one sequence, and g how much more prompt
 * throughput the batch gets when two sequences evaluate together (parallelEvalGain):
 *
 *   borrow: the call waits while the donor evaluates its `pending` tokens:     pending / r
 *   own:    its `shared` tokens and the donor's `pending` share the batches:   (shared + pending) / (g·r)
 *
 * so borrowing is faster when (g − 1)·pending < shared, and it never costs the batch the
 * prefix's tokens twice. On a CPU g ≈ 1 (prompt evaluation already uses every core: 1.01 on this
 * 2-core machine, `npm run bench:prefix-cost`), so a call always borrows; on a GPU a batch of two
 * costs about what one does (g ≈ 2), so a call borrows a prefix the donor has mostly evaluated
 * and evaluates one the donor has only started. Running the calls one after another on one
 * sequence evaluates the prefix once too, but each waits for the previous one's whole answer:
 * as fast as borrowing for short answers, slower as answers grow, and never batched.
 */
export function shouldBorrow(shared: number, pending: number, parallelEvalGain: number): boolean {
  return (parallelEvalGain - 1) * pending < shared;
}

/** g by backend when LLM_PARALLEL_EVAL_GAIN does not say: measured on CPU, assumed on a GPU. */
export function defaultParallelEvalGain(gpu: string | false): number {
  return gpu === false ? 1 : 2;
}
