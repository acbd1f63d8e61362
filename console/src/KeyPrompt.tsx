import { useState } from 'react';
import { apiKey, keyPrompt } from './api/api-key';

/** Asks for the API key when the API refused a call for want of one; kept for this tab only. */
export function KeyPrompt() {
  const [key, setKey] = useState('');
  return (
    <div className="modal-backdrop">
      <form
        className="modal"
        data-testid="key-prompt"
        onSubmit={(e) => {
          e.preventDefault();
          apiKey.set(key.trim());
          keyPrompt.satisfied();
        }}
      >
        <h3>This API needs a key</h3>
        <p>
          {apiKey.get() ? 'The key given was refused. ' : ''}Enter one of the keys set in{' '}
          <code>API_KEYS</code>. It is kept in this tab only (session storage) and sent as the bearer token.
        </p>
        <input
          type="password"
          autoFocus
          value={key}
          onChange={(e) => setKey(e.target.value)}
          placeholder="API key"
          data-testid="key-input"
        />
        <button type="submit" className="primary" disabled={!key.trim()}>
          Use this key
        </button>
      </form>
    </div>
  );
}
