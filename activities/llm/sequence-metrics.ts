import type { MetricGauge, MetricHistogram, MetricMeter } from '@temporalio/common';

/**
 * A model's sequence pool in the worker's metrics (the runtime's meter, tagged by model):
 * `llm_sequences_busy` and `llm_requests_waiting` (gauges, set whenever either changes) and
 * `llm_sequence_wait` (histogram, ms from asking for a sequence to getting one).
 */
export class SequenceMetrics {
  private readonly busy: MetricGauge;
  private readonly waitingGauge: MetricGauge;
  private readonly wait: MetricHistogram;
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
  }

  changed(busy: number, waiting: number): void {
    this.busy.set(busy, this.tags);
    this.waitingGauge.set(waiting, this.tags);
  }

  waited(ms: number): void {
    this.wait.record(Math.round(ms), this.tags);
  }
}
