import { api } from '../api/client';
import { usePolled } from '../ui/use-polled';

const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** What /health and /models say: Temporal, each queue's live pollers, the models served. */
export function HealthPage() {
  const { data, error } = usePolled(() => Promise.all([api.health(), api.models()]), 5_000, []);
  const [health, models] = data ?? [];
  const parts = Object.entries(health?.details ?? {});
  return (
    <section>
      <h2>Health</h2>
      {error && <p className="error">{error}</p>}
      {health && (
        <p>
          Overall:{' '}
          <span className={`badge status-${health.status}`} data-testid="health-status">
            {health.status}
          </span>
        </p>
      )}
      <table className="usage-table" data-testid="health-parts">
        <thead>
          <tr>
            <th>Part</th>
            <th>Status</th>
            <th>Task queue</th>
            <th>Pollers</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {parts.map(([name, d]) => (
            <tr key={name}>
              <td>{name}</td>
              <td className={`status-${text(d.status)}`}>{text(d.status)}</td>
              <td>{text(d.taskQueue)}</td>
              <td>{text(d.pollers)}</td>
              <td>{text(d.message ?? d.address)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Models</h2>
      <table className="usage-table" data-testid="models">
        <thead>
          <tr>
            <th>Model</th>
            <th>File</th>
            <th>Task queue</th>
            <th>Served</th>
            <th>Pollers</th>
          </tr>
        </thead>
        <tbody>
          {models?.models.map((m) => (
            <tr key={m.name}>
              <td>{m.name}</td>
              <td>{m.source}</td>
              <td>{m.taskQueue}</td>
              <td>{m.served ? 'yes' : 'no'}</td>
              <td>{m.pollers}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
