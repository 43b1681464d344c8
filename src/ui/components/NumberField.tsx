/**
 * A number with a slider and a text box. The slider may be logarithmic (for
 * learning rates and temperatures). The text box accepts any number and commits
 * on Enter or blur; a value out of range is kept and flagged, not thrown away.
 */
import { useId, useState, type ReactNode } from 'react';
import { useFieldIssue } from './useFieldIssue';

export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  /** 'log' maps the slider to log10 of the value (min must be > 0). */
  scale?: 'linear' | 'log';
  onChange(value: number): void;
  /** The config path, for error messages. */
  field?: string;
  hint?: ReactNode;
  testId?: string;
  format?: (value: number) => string;
  disabled?: boolean;
}

const SLIDER_STEPS = 200;

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(2).replace('.00', '');
  return String(Number(value.toPrecision(4)));
}

export function NumberField(props: NumberFieldProps) {
  const id = useId();
  const issue = useFieldIssue(props.field);
  const log = props.scale === 'log';
  // The text being typed, or null when the box shows the value (rounded for display).
  const [draft, setDraft] = useState<string | null>(null);

  const toSlider = (v: number) =>
    log ? Math.round(((Math.log10(v) - Math.log10(props.min)) / (Math.log10(props.max) - Math.log10(props.min))) * SLIDER_STEPS) : v;
  const fromSlider = (s: number) => {
    if (!log) return s;
    const v = 10 ** (Math.log10(props.min) + (s / SLIDER_STEPS) * (Math.log10(props.max) - Math.log10(props.min)));
    return Number(v.toPrecision(2));
  };
  const commit = () => {
    if (draft === null) return;
    const v = Number(draft);
    if (draft.trim() !== '' && Number.isFinite(v) && v !== props.value) props.onChange(v);
    setDraft(null);
  };
  const sliderValue = Number.isFinite(props.value) && (!log || props.value > 0) ? toSlider(props.value) : 0;

  return (
    <div className={`field number-field${issue ? ' invalid' : ''}`} data-testid={props.testId}>
      <label htmlFor={`${id}-text`}>{props.label}</label>
      <div className="number-row">
        <input
          type="range"
          aria-label={`${props.label} slider`}
          min={log ? 0 : props.min}
          max={log ? SLIDER_STEPS : props.max}
          step={log ? 1 : (props.step ?? 'any')}
          value={sliderValue}
          disabled={props.disabled}
          aria-valuetext={props.format ? props.format(props.value) : formatNumber(props.value)}
          onChange={(e) => props.onChange(fromSlider(Number(e.target.value)))}
        />
        <input
          id={`${id}-text`}
          type="text"
          inputMode="decimal"
          className="number-text"
          value={draft ?? formatNumber(props.value)}
          disabled={props.disabled}
          aria-invalid={issue ? true : undefined}
          aria-describedby={issue || props.hint ? `${id}-note` : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setDraft(null);
          }}
        />
      </div>
      {(issue || props.hint) && (
        <div id={`${id}-note`} className={issue ? 'field-error' : 'field-hint'}>
          {issue ?? props.hint}
        </div>
      )}
    </div>
  );
}
