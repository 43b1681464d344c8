import { useId, type ReactNode } from 'react';
import { useFieldIssue } from './useFieldIssue';

export interface Option<T extends string | number> {
  value: T;
  label: string;
}

/** A labelled <select> over typed values (numbers come back as numbers). */
export function SelectField<T extends string | number>(props: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange(value: T): void;
  field?: string;
  hint?: ReactNode;
  testId?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const issue = useFieldIssue(props.field);
  return (
    <div className={`field select-field${issue ? ' invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        data-testid={props.testId}
        value={String(props.value)}
        disabled={props.disabled}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue || props.hint ? `${id}-note` : undefined}
        onChange={(e) => {
          const picked = props.options.find((o) => String(o.value) === e.target.value);
          if (picked) props.onChange(picked.value);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
      {(issue || props.hint) && (
        <div id={`${id}-note`} className={issue ? 'field-error' : 'field-hint'}>
          {issue ?? props.hint}
        </div>
      )}
    </div>
  );
}
