import { Context } from '@temporalio/activity';
import { usageOfLlmOutput } from '../../workflows/contracts/index.js';

/** A cached call's lookup: `llm_cache_hits_total` or `llm_cache_misses_total`, by activity. */
export function cacheMetrics(activity: string, hit: boolean): void {
  Context.current()
    .metricMeter.createCounter(
      hit ? 'llm_cache_hits' : 'llm_cache_misses',
      'calls',
      hit ? 'Model calls answered from the result cache' : 'Cacheable model calls computed',
    )
    .add(1, { llm_activity: activity });
}

/**
 * Wraps an LLM activity so each call adds its tokens and time to the worker's metrics (the
 * SDK's metric meter: exported on the worker's Prometheus port, with the activity's own tags),
 * by model: `llm_prompt_tokens_total` (asked), `llm_prompt_tokens_evaluated_total` (evaluated: the
 * rest a sequence already held), `llm_completion_tokens_total`, `llm_call_duration`; and
 * logs it through the activity logger (with the workflow id, run id and activity type).
 */
export function withLlmMetrics<I, O>(
  activity: string,
  fn: (input: I) => Promise<O>,
): (input: I) => Promise<O> {
  return async (input: I) => {
    const output = await fn(input);
    const usage = usageOfLlmOutput(output);
    if (usage) {
      const ctx = Context.current();
      const meter = ctx.metricMeter;
      for (const [model, u] of Object.entries(usage.byModel)) {
        const tags = { model, llm_activity: activity };
        meter
          .createCounter('llm_prompt_tokens', 'tokens', 'Prompt tokens of model calls')
          .add(u.promptTokens, tags);
        meter
          .createCounter(
            'llm_prompt_tokens_evaluated',
            'tokens',
            'Prompt tokens evaluated (the rest were reused from a sequence: prefix reuse)',
          )
          .add(u.promptTokensEvaluated, tags);
        meter
          .createCounter('llm_completion_tokens', 'tokens', 'Completion tokens generated')
          .add(u.completionTokens, tags);
      }
      const ms = (output as { ms?: unknown }).ms;
      ctx.log.info('model call', {
        llmActivity: activity,
        models: Object.keys(usage.byModel).join(','),
        promptTokens: usage.promptTokens,
        promptTokensEvaluated: usage.promptTokensEvaluated,
        completionTokens: usage.completionTokens,
        ms,
      });
      if (typeof ms === 'number') {
        meter
          .createHistogram('llm_call_duration', 'int', 'ms', 'Time of one model call')
          .record(ms, { model: (output as { model?: string }).model ?? 'unknown', llm_activity: activity });
      }
    }
    return output;
  };
}
