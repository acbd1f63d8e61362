import { useState } from 'react';
import { api, ApiError } from '../api/client';
import type { ListedApproval } from '../api/types';
import { formatTime } from '../ui/format';
import { usePolled } from '../ui/use-polled';

const REFRESH_MS = 2_000;

/** Pending approval gates across this deployment's runs. */
export function ApprovalsPage() {
  const [version, setVersion] = useState(0);
  const { data, error } = usePolled(() => api.approvals(), REFRESH_MS, [version]);
  const gates = data?.approvals;
  return (
    <section>
      <h2>Approvals</h2>
      {error && <p className="error">{error}</p>}
      {gates?.length === 0 && <p className="muted">No gate is waiting for a decision.</p>}
      {gates?.map((g) => (
        <GateCard key={`${g.workflowId}/${g.gate}`} gate={g} onDecided={() => setVersion((v) => v + 1)} />
      ))}
    </section>
  );
}

function GateCard({ gate, onDecided }: { gate: ListedApproval; onDecided: () => void }) {
  const original = JSON.stringify(gate.details ?? null, null, 2);
  const [details, setDetails] = useState(original);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  let parsed: { ok: true; value: unknown } | { ok: false; message: string };
  try {
    parsed = { ok: true, value: JSON.parse(details) };
  } catch (err) {
    parsed = { ok: false, message: (err as Error).message };
  }
  const edited = details !== original;
  const decide = async (approved: boolean) => {
    if (edited && !parsed.ok) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await api.decide(gate.workflowId, gate.gate, {
        approved,
        ...(comment ? { comment } : {}),
        ...(edited && parsed.ok ? { edits: parsed.value } : {}),
      });
      onDecided();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.messages.join('\n') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="gate" data-testid="gate" data-workflow-id={gate.workflowId} data-gate={gate.gate}>
      <header>
        <strong>{gate.title}</strong> · gate <code>{gate.gate}</code> of{' '}
        <a href={`#/runs/${encodeURIComponent(gate.workflowId)}`}>{gate.workflowId}</a> ({gate.workflowType})
        <div className="muted">
          requested {formatTime(gate.requestedAt)}
          {gate.deadline ? ` · decide by ${formatTime(gate.deadline)}` : ''}
        </div>
      </header>
      <label>
        Details {edited ? '(edited: sent as the edits)' : '(edit to change what the run continues with)'}
        <textarea
          className={`json-editor ${parsed.ok ? '' : 'invalid'}`}
          value={details}
          spellCheck={false}
          onChange={(e) => setDetails(e.target.value)}
          data-testid="gate-details"
        />
      </label>
      {!parsed.ok && <p className="error">Not JSON: {parsed.message}</p>}
      <label>
        Comment{' '}
        <input value={comment} onChange={(e) => setComment(e.target.value)} data-testid="gate-comment" />
      </label>
      <div className="gate-actions">
        <button
          className="primary"
          disabled={busy || (edited && !parsed.ok)}
          onClick={() => void decide(true)}
          data-testid="approve"
        >
          {edited ? 'Approve with edits' : 'Approve'}
        </button>
        <button disabled={busy} onClick={() => void decide(false)} data-testid="reject">
          Reject
        </button>
      </div>
      {problem && <pre className="error">{problem}</pre>}
    </article>
  );
}
