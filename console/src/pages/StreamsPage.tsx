import { useEffect, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { WORKFLOW_TYPES } from '../../../workflows/contracts/workflow-types';
import { api } from '../api/client';
import { isObject } from '../../../workflows/contracts/patterns/json-shape';

const POLL_MS = 1_000;
/** Points kept per chart: five minutes at one a second. */
const KEEP = 300;

type Point = Record<string, number>;

/** The numbers of an object, one level down (latencyMs.p50 → "latencyMs.p50"). */
function numbers(prefix: string, v: unknown): Point {
  const out: Point = {};
  if (typeof v === 'number') out[prefix] = v;
  else if (isObject(v))
    for (const [k, x] of Object.entries(v)) if (typeof x === 'number') out[`${prefix}.${k}`] = x;
  return out;
}

/** The stream pipeline's live state as charts: counters, rate, latency, rolling aggregates. */
export function StreamsPage() {
  const [names, setNames] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [state, setState] = useState<Record<string, unknown>>();
  const series = useRef<Point[]>([]);
  const [, setVersion] = useState(0);
  useEffect(() => {
    void (async () => {
      const page = await api.runs({ type: WORKFLOW_TYPES.streamPipeline, status: 'Running', pageSize: 50 });
      const found = await Promise.all(
        page.workflows.map(async (w) => {
          const input = await api.input(w.workflowId).catch(() => undefined);
          const n = isObject(input?.input) ? input.input.name : undefined;
          return typeof n === 'string' ? n : undefined;
        }),
      );
      const list = [...new Set(found.filter((n): n is string => n !== undefined))];
      setNames(list);
      setName((current) => current || list[0] || '');
    })().catch(() => undefined);
  }, []);
  useEffect(() => {
    if (!name) return;
    series.current = [];
    let stop = false;
    const poll = async () => {
      const s = await api.stream(name).catch(() => undefined);
      if (stop || !s) return;
      setState(s);
      const point: Point = {
        t: Date.now(),
        ...numbers('processed', s.processed),
        ...numbers('failed', s.failed),
        ...numbers('pending', s.pending),
        ...numbers('eventsPerSecond', s.eventsPerSecond),
        ...numbers('latencyMs', s.latencyMs),
        ...numbers('rolling', s.rolling),
      };
      series.current = [...series.current.slice(-KEEP + 1), point];
      setVersion((v) => v + 1);
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [name]);
  const chart = (title: string, prefix: string[]) => {
    const keys = [...new Set(series.current.flatMap((p) => Object.keys(p)))].filter((k) =>
      prefix.some((p) => k === p || k.startsWith(`${p}.`)),
    );
    return (
      <div className="chart" data-chart={title}>
        <h4>{title}</h4>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={series.current}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="t" tickFormatter={(t: number) => new Date(t).toLocaleTimeString()} />
            <YAxis />
            <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()} />
            <Legend />
            {keys.map((k, i) => (
              <Line
                key={k}
                dataKey={k}
                dot={false}
                isAnimationActive={false}
                stroke={`hsl(${(i * 67) % 360} 60% 45%)`}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    );
  };
  return (
    <section>
      <h2>Streams</h2>
      {names.length === 0 ? (
        <p className="muted">
          No stream is running. Start one with POST /pipelines/streams (Start → /pipelines/streams).
        </p>
      ) : (
        <label>
          Stream{' '}
          <select value={name} onChange={(e) => setName(e.target.value)}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      )}
      {state && (
        <>
          <p data-testid="stream-state">
            {String(state.status)} · accepted {String(state.accepted)} · processed {String(state.processed)} ·
            failed {String(state.failed)} · {String(state.eventsPerSecond)} events/s
          </p>
          <div className="charts">
            {chart('Counters', ['processed', 'failed', 'pending'])}
            {chart('Rate (events/s)', ['eventsPerSecond'])}
            {chart('Latency (ms)', ['latencyMs'])}
            {chart('Rolling aggregates', ['rolling'])}
          </div>
        </>
      )}
    </section>
  );
}
