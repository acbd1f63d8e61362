import { useState } from 'react';
import { api } from '../api/client';
import { formatDuration } from '../ui/format';
import { RunGraph } from './RunGraph';
import { ResultView, usageOf } from './ResultView';
import { statusCounts } from './run-model';
import { Timeline } from './Timeline';
import { TokenPanels } from './TokenPanels';
import { useLiveRun } from './use-live-run';

type Tab = 'graph' | 'text' | 'timeline' | 'result';

/** One run: its graph, its models' text, its timeline and its result, live. */
export function RunPage({ workflowId }: { workflowId: string }) {
  const run = useLiveRun(workflowId);
  const [tab, setTab] = useState<Tab>('graph');
  const { view, model } = run;
  const now = Date.now();
  const counts = statusCounts(model.branches.values());
  const usage = usageOf(run.result?.result) ?? usageOf(view?.progress);
  const started = view ? Date.parse(view.startTime) : undefined;
  const closed = view?.closeTime ? Date.parse(view.closeTime) : undefined;
  return (
    <section
      className="run-page"
      data-testid="run-page"
      data-run-status={view?.status ?? ''}
      data-events={model.events}
    >
      <header className="run-head">
        <h2>
          {view?.type ?? '…'} <code>{workflowId}</code>
        </h2>
        <div className="run-facts">
          <span className={`badge status-${(view?.status ?? '').toLowerCase()}`} data-testid="run-status">
            {view?.status ?? 'loading'}
          </span>
          {started !== undefined && <span>{formatDuration((closed ?? now) - started)}</span>}
          <span>
            {counts.succeeded} succeeded · {counts.running} running · {counts.failed} failed ·{' '}
            {counts.approval} waiting for approval
          </span>
          {usage && (
            <span data-testid="run-usage">
              {usage.promptTokens} prompt + {usage.completionTokens} completion tokens, {usage.calls} calls
            </span>
          )}
          <span>{model.events} events</span>
          {view?.webUiUrl && (
            <a href={view.webUiUrl} target="_blank" rel="noreferrer">
              Temporal Web UI
            </a>
          )}
          {view?.status === 'RUNNING' && (
            <button onClick={() => void api.cancel(workflowId).catch(() => undefined)}>Cancel</button>
          )}
        </div>
        {run.error && <p className="error">{run.error}</p>}
        {model.finished?.error && <p className="error">{model.finished.error}</p>}
      </header>
      <nav className="tabs">
        {(['graph', 'text', 'timeline', 'result'] as const).map((t) => (
          <button key={t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} data-tab={t}>
            {{ graph: 'Graph', text: 'Model text', timeline: 'Timeline & usage', result: 'Result' }[t]}
          </button>
        ))}
      </nav>
      {/* The graph stays mounted (hidden) on the other tabs: drawing 500 nodes anew is the costly part. */}
      <div style={{ display: tab === 'graph' ? 'block' : 'none' }}>
        <RunGraph model={model} edges={run.edges} version={run.version} />
      </div>
      {tab === 'graph' && <TokenPanels model={model} version={run.version} />}
      {tab === 'text' && <TokenPanels model={model} version={run.version} />}
      {tab === 'timeline' && <Timeline model={model} version={run.version} now={now} />}
      {tab === 'result' && <ResultView result={run.result} />}
    </section>
  );
}
