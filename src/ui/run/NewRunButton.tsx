/**
 * "New run": deletes the run saved in this browser and starts afresh on the
 * default settings and the synthetic shapes. Hours of training may be behind
 * it, so the first click only asks; the second (within a few seconds) does it.
 */
import { useEffect, useState } from 'react';
import { useApp, useAppStore } from '../../state/context';

const CONFIRM_MS = 5000;

export function NewRunButton() {
  const store = useAppStore();
  const ready = useApp((s) => s.ready !== null);
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    if (!asking) return;
    const timer = setTimeout(() => setAsking(false), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [asking]);

  return (
    <button
      type="button"
      className={`button${asking ? ' danger' : ''}`}
      data-testid="new-run"
      data-confirm={asking ? 'true' : 'false'}
      disabled={!ready}
      title="Delete the saved run and start again on the default settings"
      onClick={() => {
        if (!asking) return setAsking(true);
        setAsking(false);
        store.getState().newRun();
      }}
    >
      {asking ? 'Delete the run?' : '✚ New run'}
    </button>
  );
}
