import { useSyncExternalStore } from 'react';
import { apiKey, keyPrompt } from './api/api-key';
import { KeyPrompt } from './KeyPrompt';
import { ApprovalsPage } from './pages/ApprovalsPage';
import { HealthPage } from './pages/HealthPage';
import { RunsPage } from './pages/RunsPage';
import { StartPage } from './pages/StartPage';
import { StreamsPage } from './pages/StreamsPage';
import { RunPage } from './run/RunPage';
import { useRoute } from './router';

const NAV = [
  ['/runs', 'Runs'],
  ['/start', 'Start'],
  ['/approvals', 'Approvals'],
  ['/streams', 'Streams'],
  ['/health', 'Health & models'],
] as const;

function page(route: string) {
  const run = /^\/runs\/(.+)$/.exec(route);
  if (run) return <RunPage workflowId={decodeURIComponent(run[1]!)} />;
  if (route.startsWith('/start')) return <StartPage selected={route.slice('/start'.length) || undefined} />;
  if (route === '/approvals') return <ApprovalsPage />;
  if (route === '/streams') return <StreamsPage />;
  if (route === '/health') return <HealthPage />;
  return <RunsPage />;
}

export function App() {
  const route = useRoute();
  const needKey = useSyncExternalStore(keyPrompt.subscribe, keyPrompt.required);
  // The key's value re-keys the page: once a key is given, the page loads again with it.
  const key = useSyncExternalStore(keyPrompt.subscribe, apiKey.get);
  return (
    <div className="app">
      <header className="topbar">
        <strong>Parallel AI</strong>
        <nav>
          {NAV.map(([path, label]) => (
            <a key={path} href={`#${path}`} className={route.startsWith(path) ? 'active' : ''}>
              {label}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        <a href="/docs" target="_blank" rel="noreferrer">
          API docs
        </a>
        {key && (
          <button className="link" onClick={() => apiKey.clear()}>
            Forget key
          </button>
        )}
      </header>
      <main key={`${key.length}:${key.slice(-4)}`}>{needKey ? null : page(route)}</main>
      {needKey && <KeyPrompt />}
    </div>
  );
}
