// Tool calls in the worker's metrics: `tool_calls_total` by tool and outcome (ok: an answer; error:
// the tool's own error, given to the model; failed: the call could not be made) and
// `tool_call_duration` (ms), through the activity's metric meter (with the worker's own tags).
import { Context } from '@temporalio/activity';

export const toolMetrics = {
  record(tool: string, outcome: 'ok' | 'error' | 'failed', ms: number): void {
    const meter = Context.current().metricMeter;
    meter
      .createCounter('tool_calls', 'calls', 'Tool calls of agents, by tool and outcome')
      .add(1, { tool, outcome });
    meter
      .createHistogram('tool_call_duration', 'int', 'ms', 'Duration of tool calls')
      .record(ms, { tool, outcome });
  },
};
