/**
 * A button that starts work the worker answers later (scoring, an export, a
 * map): while `busy` it is disabled, marked aria-busy and says what is
 * happening (`busyLabel`), so a second press cannot queue the same request.
 */
export function BusyButton(props: {
  label: string;
  /** Shown while busy, e.g. 'Scoring…'. */
  busyLabel: string;
  busy: boolean;
  /** Disabled for another reason (not ready, nothing to export). */
  disabled?: boolean;
  testId: string;
  small?: boolean;
  onClick: () => void;
}) {
  const { busy } = props;
  return (
    <button
      type="button"
      className={props.small ? 'button small' : 'button'}
      data-testid={props.testId}
      disabled={busy || props.disabled === true}
      aria-busy={busy}
      onClick={props.onClick}
    >
      {busy ? props.busyLabel : props.label}
    </button>
  );
}
