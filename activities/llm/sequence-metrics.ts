import type { MetricCounter, MetricGauge, MetricHistogram, MetricMeter } from '@temporalio/common';

/**
 * A model's sequence pool in the worker's metrics (the runtime's meter, tagged by model):
 * `llm_sequences_busy` and `llm_requests_waiting` (gauges, set whenever either changes) and
 * `llm_sequence_wait` (histogram, ms from asking for a sequence to getting one); prefix reuse:
 * `llm_prefix_lookups`, `llm_prefix_hits` (calls that reused a prefix: the hit rate is their
 * ratio), `llm_prompt_tokens_reused`; and `llm_calls_at_token_cap`.
 */
export class SequenceMetrics {
  private readonly busy: MetricGauge;
  private readonly waitingGauge: MetricGauge;
  private readonly wait: MetricHistogram;
  private readonly reusedTokens: MetricCounter;
  private readonly calls: MetricCounter;
  private readonly hits: MetricCounter;
  private readonly atCap: MetricCounter;
  private readonly tags: { model: string };

  constructor(meter: MetricMeter, model: string) {
    this.tags = { model };
    this.busy = meter.createGauge('llm_sequences_busy', 'int', 'sequences', 'Sequences generating now');
    this.waitingGauge = meter.createGauge(
      'llm_requests_waiting',
      'int',
      'requests',
      'Model calls waiting for a free sequence',
    );
    this.wait = meter.createHistogram(
      'llm_sequence_wait',
      'int',
      'ms',
      'Time a model call waited for a sequence',
    );
    this.reusedTokens = meter.createCounter(
      'llm_prompt_tokens_reused',
      'tokens',
      'Prompt tokens a sequence already held: not evaluated again',
    );
    this.calls = meter.createCounter(
      'llm_prefix_lookups',
      'calls',
      'Model calls that looked for a shared prefix',
    );
    this.atCap = meter.createCounter(
      'llm_calls_at_token_cap',
      'calls',
      'Model calls that generated all the tokens they were allowed (a cut answer, or a loose grammar)',
    );
    this.hits = meter.createCounter(
      'llm_prefix_hits',
      'calls',
      'Model calls that reused a prefix (hit rate: hits / lookups)',
    );
  }

  capped(): void {
    this.atCap.add(1, this.tags);
  }

  /** A call's prompt and how much of it its sequence already held. */
  prefix(reused: number): void {
    this.calls.add(1, this.tags);
    if (reused > 0) {
      this.reusedTokens.add(reused, this.tags);
      this.hits.add(1, this.tags);
    }
  }

  changed(busy: number, waiting: number): void {
    this.busy.set(busy, this.tags);
    this.waitingGauge.set(waiting, this.tags);
  }

  waited(ms: number): void {
    this.wait.record(Math.round(ms), this.tags);
  }
}
