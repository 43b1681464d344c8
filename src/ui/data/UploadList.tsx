/** The user's files, each with a thumbnail and a Remove button. */
import { useEffect, useMemo } from 'react';
import { useApp, useAppStore } from '../../state/context';
import type { UploadItem } from '../../state/types';

const SHOWN = 60;

function Thumb({ item }: { item: UploadItem }) {
  const url = useMemo(() => (typeof URL.createObjectURL === 'function' ? URL.createObjectURL(item.file) : ''), [item.file]);
  useEffect(() => () => {
    if (url) URL.revokeObjectURL(url);
  }, [url]);
  return <img src={url || undefined} alt="" width={40} height={40} loading="lazy" decoding="async" />;
}

export function UploadList() {
  const uploads = useApp((s) => s.uploads);
  const store = useAppStore();
  const refused = useApp((s) => (s.datasetChoice === 'upload' ? s.dataset?.rejected : undefined));
  if (uploads.length === 0) return null;
  const reasons = new Map((refused ?? []).map((r) => [r.name, r.reason]));
  const labels = new Set(uploads.map((u) => u.label).filter((l) => l !== undefined));
  return (
    <div className="uploads" data-testid="uploads">
      <div className="uploads-head">
        <span data-testid="upload-count">
          {uploads.length} file{uploads.length === 1 ? '' : 's'}
          {labels.size > 0 && `, ${labels.size} folder label${labels.size === 1 ? '' : 's'}`}
        </span>
        <button type="button" className="button small" data-testid="uploads-clear" onClick={() => store.getState().clearUploads()}>
          Remove all
        </button>
      </div>
      <ul className="upload-grid">
        {uploads.slice(0, SHOWN).map((u) => (
          <li
            key={u.id}
            className={reasons.has(u.name) ? 'refused' : undefined}
            title={reasons.has(u.name) ? `${u.name}: ${reasons.get(u.name)}` : u.label ? `${u.name} (label ${u.label})` : u.name}
          >
            <Thumb item={u} />
            <button
              type="button"
              className="remove"
              aria-label={`Remove ${u.name}`}
              data-testid="upload-remove"
              onClick={() => store.getState().removeUpload(u.id)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {uploads.length > SHOWN && <p className="field-hint">and {uploads.length - SHOWN} more</p>}
    </div>
  );
}
