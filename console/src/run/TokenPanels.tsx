import { useEffect, useRef, useState } from 'react';
import type { Branch, RunModel } from './run-model';

/** Panels drawn at once: the running ones first, then the latest finished. */
const MAX_PANELS = 24;

function Panel({ branch }: { branch: Branch }) {
  const ref = useRef<HTMLPreElement>(null);
  useEffect(() => {
    // Follow the text as it grows, like a terminal.
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [branch.text.length]);
  return (
    <div className={`token-panel status-${branch.status}`} data-testid="token-panel" data-path={branch.path}>
      <div className="token-panel-head">
        <strong>{branch.path || 'run'}</strong> <span>{branch.model}</span> <span>{branch.status}</span>{' '}
        <span>{branch.tokens} pieces</span>
      </div>
      <pre ref={ref} className="token-text" data-chars={branch.text.length}>
        {branch.text}
      </pre>
    </div>
  );
}

/** The text of every model branch as it is written, side by side. */
export function TokenPanels({ model }: { model: RunModel; version: number }) {
  const [all, setAll] = useState(false);
  const writing = [...model.branches.values()].filter((b) => b.text.length > 0 || b.tokens > 0);
  if (writing.length === 0)
    return (
      <p className="muted">
        No model text yet. Runs started with <code>"stream": "tokens"</code> show each model call's text here
        as it is generated.
      </p>
    );
  const ordered = [
    ...writing.filter((b) => b.status === 'running'),
    ...writing.filter((b) => b.status !== 'running').reverse(),
  ];
  const shown = all ? ordered : ordered.slice(0, MAX_PANELS);
  return (
    <div>
      <div className="token-grid">
        {shown.map((b) => (
          <Panel key={b.path} branch={b} />
        ))}
      </div>
      {ordered.length > shown.length && (
        <button onClick={() => setAll(true)}>Show all {ordered.length} branches</button>
      )}
    </div>
  );
}
