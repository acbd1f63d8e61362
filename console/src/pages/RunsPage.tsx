import { useEffect, useRef, useState } from 'react';
import { WORKFLOW_TYPES } from '../../../workflows/contracts/workflow-types';
import { api } from '../api/client';
import type { WorkflowSummary } from '../api/types';
import { usageOf } from '../run/ResultView';
import { formatDuration, formatTime } from '../ui/format';
import { usePolled } from '../ui/use-polled';
import { VirtualList } from '../ui/VirtualList';

const STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'];
const REFRESH_MS = 2_000;
/** Rows whose token usage is looked up (one call each: a closed run's once, a running one's each refresh). */
const USAGE_ROWS = 25;

/** Token usage by run id: a closed run's never changes, so it is kept. */
function useRunUsage(runs: WorkflowSummary[]): Map<string, number> {
  const known = useRef(new Map<string, number>());
  const [, setVersion] = useState(0);
  const key = runs
    .slice(0, USAGE_ROWS)
    .map((r) => `${r.workflowId}:${r.status}`)
    .join(',');
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      for (const r of runs.slice(0, USAGE_ROWS)) {
        if (cancelled) return;
        const closed = r.status !== 'RUNNING';
        if (closed && known.current.has(r.runId)) continue;
        const usage = closed
          ? usageOf((await api.result(r.workflowId).catch(() => undefined))?.result)
          : usageOf((await api.run(r.workflowId).catch(() => undefined))?.progress);
        if (usage) {
          known.current.set(r.runId, usage.promptTokens + usage.completionTokens);
          setVersion((v) => v + 1);
        } else if (closed) known.current.set(r.runId, -1);
      }
    })();
    return () => {
      cancelled = true;
    };
    // `key` stands for the rows: refetch when they or their statuses change.
  }, [key]);
  return known.current;
}

const NO_RUNS: WorkflowSummary[] = [];

/** This deployment's runs, newest first, refreshed live. */
export function RunsPage() {
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const [pageSize, setPageSize] = useState(100);
  // Child runs (a nested pattern's, an agent's subtasks, a large forEach's chunks) are shown on
  // their root run's page; here only when asked for.
  const [children, setChildren] = useState(false);
  const polled = usePolled(
    () => api.runs({ type, status, pageSize, ...(children ? {} : { topLevel: 'true' as const }) }),
    REFRESH_MS,
    [type, status, pageSize, children],
  );
  const runs = polled.data?.workflows ?? NO_RUNS;
  const error = polled.error;
  const usage = useRunUsage(runs);
  const now = Date.now();
  return (
    <section>
      <h2>Runs</h2>
      <div className="filters">
        <label>
          Type{' '}
          <select value={type} onChange={(e) => setType(e.target.value)} data-testid="filter-type">
            <option value="">all</option>
            {Object.values(WORKFLOW_TYPES).map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="filter-status">
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={children}
            onChange={(e) => setChildren(e.target.checked)}
            data-testid="show-children"
          />{' '}
          child runs
        </label>
        <span className="muted" data-testid="runs-count">
          {runs.length} shown
        </span>
      </div>
      {error && <p className="error">{error}</p>}
      <div className="runs-table">
        <div className="runs-row runs-head">
          <span>Run</span>
          <span>Type</span>
          <span>Status</span>
          <span>Started</span>
          <span>Duration</span>
          <span>Tokens</span>
          <span>Temporal</span>
        </div>
        <VirtualList
          testId="runs"
          items={runs}
          rowHeight={30}
          height={600}
          row={(r) => {
            const tokens = usage.get(r.runId);
            const end = r.closeTime ? Date.parse(r.closeTime) : now;
            return (
              <div className="runs-row" data-workflow-id={r.workflowId} data-status={r.status}>
                <a href={`#/runs/${encodeURIComponent(r.workflowId)}`} title={r.workflowId}>
                  {r.workflowId}
                </a>
                <span>{r.type}</span>
                <span className={`badge status-${r.status.toLowerCase()}`}>{r.status}</span>
                <span>{formatTime(r.startTime)}</span>
                <span>{r.startTime ? formatDuration(end - Date.parse(r.startTime)) : ''}</span>
                <span>{tokens === undefined || tokens < 0 ? '' : tokens}</span>
                <span>
                  {r.webUiUrl && (
                    <a href={r.webUiUrl} target="_blank" rel="noreferrer">
                      Web UI
                    </a>
                  )}
                </span>
              </div>
            );
          }}
        />
      </div>
      {runs.length >= pageSize && (
        <button onClick={() => setPageSize(Math.min(1000, pageSize * 2))}>More</button>
      )}
    </section>
  );
}
