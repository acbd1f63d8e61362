import { useSyncExternalStore } from 'react';

// Routes live in the URL's hash (#/runs/<id>): the API serves one file for the whole console.

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash.replace(/^#/, '') || '/runs');
}

export function navigate(route: string): void {
  window.location.hash = route;
}
