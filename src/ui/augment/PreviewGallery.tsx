/** The original and both augmented views of a few images, as the worker drew them: one column per image. */
import { useApp, useAppStore } from '../../state/context';
import type { PreviewMessage } from '../../worker/protocol';
import { PixelCanvas } from '../components/PixelCanvas';

const PER_BLOCK = 4;
const ROWS = ['image', 'view 1', 'view 2'] as const;

function Block({ preview, first }: { preview: PreviewMessage; first: number }) {
  const bytes = preview.size * preview.size * 4;
  const indices = Array.from({ length: Math.min(PER_BLOCK, preview.count - first) }, (_, k) => first + k);
  return (
    <div className="preview-block">
      {ROWS.map((row, r) => (
        <div className="preview-row" key={row}>
          <span className="preview-row-label">{row}</span>
          {indices.map((i) => {
            const index = preview.imageIndices[i] ?? i;
            const description = r === 0 ? '' : (preview.descriptions[i]?.[r - 1] ?? '');
            const label = r === 0 ? `Image ${index}` : `Image ${index}, ${row}: ${description || 'unchanged'}`;
            return <PixelCanvas key={i} pixels={preview.pixels} offset={(i * 3 + r) * bytes} size={preview.size} label={label} />;
          })}
        </div>
      ))}
    </div>
  );
}

export function PreviewGallery() {
  const store = useAppStore();
  const preview = useApp((s) => s.preview);
  const pending = useApp((s) => s.previewPending);
  const canAsk = useApp((s) => s.ready !== null && s.dataset !== null);
  const blocks = preview ? Array.from({ length: Math.ceil(preview.count / PER_BLOCK) }, (_, b) => b * PER_BLOCK) : [];

  return (
    <div className="preview" data-testid="preview" data-pending={pending ? 'true' : 'false'} data-count={preview?.count ?? 0}>
      <div className="preview-head">
        <span className="field-hint">Hover a view for the changes drawn for it.</span>
        <button
          type="button"
          className="button small"
          data-testid="preview-resample"
          disabled={!canAsk}
          onClick={() => store.getState().requestPreview(true)}
        >
          ⟳ Re-sample
        </button>
      </div>
      {!preview && <p className="field-hint">{canAsk ? 'Drawing views…' : 'Views appear once the data is loaded.'}</p>}
      {preview && (
        <div className="preview-blocks" aria-busy={pending}>
          {blocks.map((first) => (
            <Block key={first} preview={preview} first={first} />
          ))}
        </div>
      )}
    </div>
  );
}
