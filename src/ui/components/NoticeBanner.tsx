/** Errors, warnings and notes from the worker, each with its sentence and a Dismiss button. */
import { useApp, useAppStore } from '../../state/context';

const TITLE = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

export function NoticeBanner() {
  const notices = useApp((s) => s.notices);
  const store = useAppStore();
  if (notices.length === 0) return null;
  return (
    <div className="notices" data-testid="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid={`notice-${n.kind}`}
          data-code={n.code}
        >
          <strong>{TITLE[n.kind]}:</strong> <span className="notice-message">{n.message}</span>
          {n.count > 1 && <span className="notice-count"> (×{n.count})</span>}
          <button
            type="button"
            className="button ghost small"
            aria-label={`Dismiss: ${n.message}`}
            data-testid="notice-dismiss"
            onClick={() => store.getState().dismissNotice(n.id)}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
