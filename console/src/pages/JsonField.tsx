import type { FieldProps } from '@rjsf/utils';
import { useState } from 'react';

/** A field for a value that may be any JSON: edited as JSON text, kept when it parses. */
export function JsonField(props: FieldProps) {
  const { onChange, fieldPathId, name, schema, disabled, readonly, rawErrors } = props;
  const formData: unknown = props.formData;
  const [text, setText] = useState(() => (formData === undefined ? '' : JSON.stringify(formData, null, 2)));
  const [problem, setProblem] = useState<string>();
  return (
    <div className="form-group json-field">
      <label htmlFor={fieldPathId.$id}>{name}</label>
      {typeof schema.description === 'string' && (
        <div className="field-description">{schema.description}</div>
      )}
      <textarea
        id={fieldPathId.$id}
        className={`json-editor small ${problem ? 'invalid' : ''}`}
        value={text}
        spellCheck={false}
        disabled={disabled || readonly}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setProblem(undefined);
            onChange(undefined, fieldPathId.path);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value) as unknown, fieldPathId.path);
            setProblem(undefined);
          } catch (err) {
            setProblem((err as Error).message);
          }
        }}
      />
      {problem && <div className="error">Not JSON yet: {problem}</div>}
      {rawErrors && rawErrors.length > 0 && (
        <ul className="error-detail">
          {rawErrors.map((e) => (
            <li key={e} className="text-danger">
              {e}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
