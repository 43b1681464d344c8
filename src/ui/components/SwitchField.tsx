import { useId } from 'react';

/** An on/off switch: a checkbox with role="switch", so Space toggles it. */
export function SwitchField(props: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  testId?: string;
  description?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <label className="switch" htmlFor={id} title={props.description}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        data-testid={props.testId}
        checked={props.checked}
        disabled={props.disabled}
        aria-checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span className="switch-track" aria-hidden="true" />
      <span className="switch-label">{props.label}</span>
    </label>
  );
}
