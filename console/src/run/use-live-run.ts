import { startTransition, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { liveEvents } from '../api/live-events';
import type { RunResult, WorkflowView } from '../api/types';
import { applyEvent, emptyRunModel } from './run-model';
import type { RunModel } from './run-model';
import { seedFromInput } from './run-structure';
import type { Edge } from './run-structure';

/** How often the page repaints while events arrive: 200 events/s become a few renders a second. */
const REPAINT_MS = 150;
const DESCRIBE_MS = 3_000;

export interface LiveRun {
  model: RunModel;
  edges: Edge[];
  view?: WorkflowView;
  result?: RunResult;
  error?: string;
  /** Changes on every repaint that saw something new. */
  version: number;
}

/** A run's description, input, live events and result, kept current while the page is open. */
export function useLiveRun(workflowId: string): LiveRun {
  const model = useRef<RunModel>(emptyRunModel());
  const edges = useRef<Edge[]>([]);
  const [version, setVersion] = useState(0);
  const [view, setView] = useState<WorkflowView>();
  const [result, setResult] = useState<RunResult>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    model.current = emptyRunModel();
    edges.current = [];
    setView(undefined);
    setResult(undefined);
    setError(undefined);
    const abort = new AbortController();
    let seen = -1;
    const repaint = setInterval(() => {
      if (model.current.events !== seen) {
        seen = model.current.events;
        // A transition: React may interrupt the repaint for input and frames.
        startTransition(() => setVersion((v) => v + 1));
      }
    }, REPAINT_MS);
    let closed = false;
    const refresh = async () => {
      const v = await api.run(workflowId);
      if (abort.signal.aborted) return;
      setView(v);
      if (v.status !== 'RUNNING' && !closed) {
        closed = true;
        const r = await api.result(workflowId);
        if (!abort.signal.aborted) setResult(r);
      }
    };
    const describing = setInterval(() => {
      if (!closed) refresh().catch(() => undefined);
    }, DESCRIBE_MS);
    (async () => {
      await refresh();
      const input = await api.input(workflowId).catch(() => undefined);
      if (input && !abort.signal.aborted) {
        edges.current = seedFromInput(model.current, input.type, input.input);
        model.current.events++; // repaint with the structure
      }
      for await (const { event } of liveEvents(workflowId, abort.signal)) applyEvent(model.current, event);
      if (!abort.signal.aborted) await refresh();
    })().catch((err: Error) => {
      if (!abort.signal.aborted) setError(err.message);
    });
    return () => {
      abort.abort();
      clearInterval(repaint);
      clearInterval(describing);
    };
  }, [workflowId]);

  return {
    model: model.current,
    edges: edges.current,
    version,
    ...(view ? { view } : {}),
    ...(result ? { result } : {}),
    ...(error ? { error } : {}),
  };
}
