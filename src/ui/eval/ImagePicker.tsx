/** Type an image number, or draw one at random; the Data panel's thumbnails and the map pick too. */
import { useId, useState } from 'react';
import { useApp, useAppStore } from '../../state/context';

export function ImagePicker() {
  const store = useAppStore();
  const id = useId();
  const count = useApp((s) => s.dataset?.count ?? 0);
  const selected = useApp((s) => s.selectedImage);
  const [draft, setDraft] = useState('');
  const value = Number(draft);
  const valid = draft.trim() !== '' && Number.isInteger(value) && value >= 0 && value < count;
  return (
    <form
      className="image-picker"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) store.getState().selectImage(value);
      }}
    >
      <label htmlFor={id}>Image number (0 – {Math.max(0, count - 1)})</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        data-testid="neighbours-index"
        value={draft}
        placeholder={selected === null ? '' : String(selected)}
        aria-invalid={draft.trim() !== '' && !valid ? true : undefined}
        onChange={(e) => setDraft(e.target.value)}
      />
      <button type="submit" className="button small" data-testid="neighbours-show" disabled={!valid}>
        Show
      </button>
      <button
        type="button"
        className="button small"
        data-testid="neighbours-random"
        disabled={count === 0}
        onClick={() => {
          const index = Math.floor(Math.random() * count);
          setDraft(String(index));
          store.getState().selectImage(index);
        }}
      >
        Random image
      </button>
    </form>
  );
}
