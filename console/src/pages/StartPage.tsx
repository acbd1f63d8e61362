import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../api/client';
import { navigate } from '../router';
import { errorSchemaOf } from './form-errors';
import { formSchema, formUiSchema } from './form-schema';
import { JsonField } from './JsonField';
import { startEndpoints } from './start-endpoints';
import type { StartEndpoint } from './start-endpoints';

/**
 * A form for every pattern and pipeline, generated from the JSON Schema that validates its body
 * (the OpenAPI document), pre-filled with its example. The API is the judge: its 400 shows on
 * the fields it names. A JSON view edits the same body as text.
 */
export function StartPage({ selected }: { selected?: string | undefined }) {
  const [endpoints, setEndpoints] = useState<StartEndpoint[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .openApi()
      .then((doc) => setEndpoints(startEndpoints(doc)))
      .catch((err: Error) => setError(err.message));
  }, []);
  const endpoint = endpoints?.find((e) => e.path === selected) ?? endpoints?.[0];
  return (
    <section className="start-page">
      <h2>Start a run</h2>
      {error && <p className="error">{error}</p>}
      <div className="start-layout">
        <nav className="endpoint-list">
          {['Patterns', 'Pipelines', 'Agents'].map((group) => (
            <div key={group}>
              <h4>{group}</h4>
              {endpoints
                ?.filter((e) => e.group === group)
                .map((e) => (
                  <a
                    key={e.path}
                    href={`#/start${e.path}`}
                    className={e.path === endpoint?.path ? 'active' : ''}
                    data-endpoint={e.path}
                    title={e.summary}
                  >
                    {e.path}
                  </a>
                ))}
            </div>
          ))}
        </nav>
        {endpoint && <StartForm key={endpoint.path} endpoint={endpoint} />}
      </div>
    </section>
  );
}

const FIELDS = { json: JsonField };

function StartForm({ endpoint }: { endpoint: StartEndpoint }) {
  const [body, setBody] = useState<unknown>(endpoint.example);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [text, setText] = useState(() => JSON.stringify(endpoint.example, null, 2));
  const [textError, setTextError] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema>();
  const [priority, setPriority] = useState('');
  const [fairnessKey, setFairnessKey] = useState('');
  const [fairnessWeight, setFairnessWeight] = useState('');
  const [busy, setBusy] = useState(false);
  const schema = useMemo(() => formSchema(endpoint.schema) as RJSFSchema, [endpoint]);
  const uiSchema = useMemo(() => formUiSchema(schema as Record<string, unknown>), [schema]);

  const submit = async (value: unknown) => {
    setBusy(true);
    setProblems([]);
    setExtraErrors(undefined);
    const query = new URLSearchParams();
    if (priority) query.set('priority', priority);
    if (fairnessKey) query.set('fairnessKey', fairnessKey);
    if (fairnessWeight) query.set('fairnessWeight', fairnessWeight);
    try {
      const started = await api.start(endpoint.path, value, query);
      navigate(`/runs/${encodeURIComponent(started.workflowId)}`);
    } catch (err) {
      const lines = err instanceof ApiError ? err.messages : [(err as Error).message];
      setProblems(lines);
      setExtraErrors(errorSchemaOf(lines));
    } finally {
      setBusy(false);
    }
  };

  const switchTo = (next: 'form' | 'json') => {
    if (next === 'json') setText(JSON.stringify(body, null, 2));
    else {
      try {
        setBody(JSON.parse(text));
        setTextError(undefined);
      } catch (err) {
        setTextError((err as Error).message);
        return;
      }
    }
    setMode(next);
  };

  return (
    <div className="start-form" data-testid="start-form" data-endpoint={endpoint.path}>
      <h3>
        POST {endpoint.path} <small>{endpoint.summary}</small>
      </h3>
      {endpoint.scheduling && (
        <fieldset className="scheduling">
          <legend>Scheduling</legend>
          <label>
            Priority{' '}
            <select value={priority} onChange={(e) => setPriority(e.target.value)} name="priority">
              <option value="">default (3)</option>
              {[1, 2, 3, 4, 5].map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
          <label>
            Fairness key{' '}
            <input value={fairnessKey} onChange={(e) => setFairnessKey(e.target.value)} name="fairnessKey" />
          </label>
          <label>
            Fairness weight{' '}
            <input
              value={fairnessWeight}
              onChange={(e) => setFairnessWeight(e.target.value)}
              name="fairnessWeight"
            />
          </label>
        </fieldset>
      )}
      <div className="tabs">
        <button className={mode === 'form' ? 'active' : ''} onClick={() => switchTo('form')} data-mode="form">
          Form
        </button>
        <button className={mode === 'json' ? 'active' : ''} onClick={() => switchTo('json')} data-mode="json">
          JSON
        </button>
      </div>
      {problems.length > 0 && (
        <ul className="problems" data-testid="problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {mode === 'form' ? (
        <Form
          schema={schema}
          uiSchema={uiSchema}
          fields={FIELDS}
          validator={validator}
          formData={body}
          onChange={(e) => setBody(e.formData)}
          onSubmit={(e) => void submit(e.formData)}
          // The API validates (one source of truth): the form does not block a submit.
          noHtml5Validate
          noValidate
          // The body holds what the example and the person put in: no empty array items or
          // defaults the API would fill in anyway.
          experimental_defaultFormStateBehavior={{
            arrayMinItems: { populate: 'never' },
            emptyObjectFields: 'skipDefaults',
          }}
          showErrorList={false}
          {...(extraErrors ? { extraErrors } : {})}
          disabled={busy}
        >
          <button type="submit" className="primary" disabled={busy} data-testid="submit">
            Start
          </button>
        </Form>
      ) : (
        <div>
          <textarea
            className="json-editor"
            value={text}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            data-testid="json-body"
          />
          {textError && <p className="error">{textError}</p>}
          <button
            className="primary"
            disabled={busy}
            data-testid="submit"
            onClick={() => {
              try {
                const value: unknown = JSON.parse(text);
                setTextError(undefined);
                setBody(value);
                void submit(value);
              } catch (err) {
                setTextError((err as Error).message);
              }
            }}
          >
            Start
          </button>
        </div>
      )}
    </div>
  );
}
