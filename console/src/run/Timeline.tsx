import { VirtualList } from '../ui/VirtualList';
import type { Branch, RunModel } from './run-model';

const ROW = 22;

interface Counts {
  promptTokens: number;
  completionTokens: number;
}

/** The usage an LLM output reports (promptTokens, completionTokens), when its branch sent it. */
function countsOf(output: unknown): (Counts & { model?: string }) | undefined {
  const o = output as Partial<Counts> & { model?: unknown };
  if (typeof o !== 'object' || o === null) return undefined;
  if (typeof o.promptTokens !== 'number' || typeof o.completionTokens !== 'number') return undefined;
  return {
    promptTokens: o.promptTokens,
    completionTokens: o.completionTokens,
    ...(typeof o.model === 'string' ? { model: o.model } : {}),
  };
}

/** A Gantt chart of the branches, and where the time and tokens went. */
export function Timeline({ model, now }: { model: RunModel; version: number; now: number }) {
  const rows = [...model.branches.values()]
    .filter((b): b is Branch & { startedAt: number } => b.startedAt !== undefined)
    .sort((a, b) => a.startedAt - b.startedAt);
  if (rows.length === 0) return <p className="muted">No branch has started yet.</p>;
  const start = Math.min(model.startedAt ?? Infinity, rows[0]!.startedAt);
  const end = Math.max(model.finished?.at ?? now, ...rows.map((b) => b.finishedAt ?? now));
  const span = Math.max(1, end - start);
  const byModel = new Map<string, Counts & { branches: number }>();
  for (const b of model.branches.values()) {
    const c = countsOf(b.output);
    const name = c?.model ?? b.model;
    if (!name) continue;
    const m = byModel.get(name) ?? { promptTokens: 0, completionTokens: 0, branches: 0 };
    m.branches++;
    m.promptTokens += c?.promptTokens ?? 0;
    m.completionTokens += c?.completionTokens ?? b.tokens;
    byModel.set(name, m);
  }
  return (
    <div>
      <div className="gantt-scale">
        <span>0 s</span>
        <span>{(span / 1000).toFixed(1)} s</span>
      </div>
      <VirtualList
        testId="gantt"
        items={rows}
        rowHeight={ROW}
        height={360}
        row={(b) => {
          const left = ((b.startedAt - start) / span) * 100;
          const width = Math.max(0.3, (((b.finishedAt ?? now) - b.startedAt) / span) * 100);
          const c = countsOf(b.output);
          const ms = b.durationMs ?? (b.finishedAt ?? now) - b.startedAt;
          return (
            <div className="gantt-row" data-path={b.path}>
              <span className="gantt-label" title={b.path}>
                {b.path}
              </span>
              <span className="gantt-track">
                <span
                  className={`gantt-bar status-${b.status}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                />
              </span>
              <span className="gantt-figures">
                {(ms / 1000).toFixed(2)} s
                {c ? ` · ${c.promptTokens}+${c.completionTokens} tok` : b.tokens ? ` · ${b.tokens} tok` : ''}
              </span>
            </div>
          );
        }}
      />
      {byModel.size > 0 && (
        <table className="usage-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Branches</th>
              <th>Prompt tokens</th>
              <th>Completion tokens</th>
            </tr>
          </thead>
          <tbody>
            {[...byModel].map(([name, m]) => (
              <tr key={name}>
                <td>{name}</td>
                <td>{m.branches}</td>
                <td>{m.promptTokens}</td>
                <td>{m.completionTokens}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
