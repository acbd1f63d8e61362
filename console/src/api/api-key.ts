// The API key lives in sessionStorage: kept across reloads of this tab, gone when it closes, and
// never written anywhere else.
const STORAGE_KEY = 'parallel-ai.api-key';
const listeners = new Set<() => void>();

export const apiKey = {
  get: (): string => sessionStorage.getItem(STORAGE_KEY) ?? '',
  set: (key: string): void => {
    sessionStorage.setItem(STORAGE_KEY, key);
    listeners.forEach((l) => l());
  },
  clear: (): void => {
    sessionStorage.removeItem(STORAGE_KEY);
    listeners.forEach((l) => l());
  },
};

/** Set when a call was refused for want of a (valid) key: the app then asks for one. */
let keyRequired = false;
export const keyPrompt = {
  required: (): boolean => keyRequired,
  require: (): void => {
    keyRequired = true;
    listeners.forEach((l) => l());
  },
  satisfied: (): void => {
    keyRequired = false;
    listeners.forEach((l) => l());
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function authHeaders(): Record<string, string> {
  const key = apiKey.get();
  return key ? { authorization: `Bearer ${key}` } : {};
}
