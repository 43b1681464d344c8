/**
 * Where the user's images come in: drop files or folders, pick files or a folder,
 * or paste (Ctrl+V / ⌘V anywhere on the page outside a text box).
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../state/context';
import { collect, type PickedFile } from '../files/accept';
import { filesFromDataTransfer } from '../files/readDrop';
import { filesFromInput } from '../files/readPicker';
import { filesFromClipboard } from '../files/readPaste';

function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text');
}

export function DropZone() {
  const store = useAppStore();
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  const take = (picked: PickedFile[]) => {
    if (picked.length === 0) return;
    const { accepted, rejected } = collect(picked);
    store.getState().addUploads(accepted, rejected);
  };

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (isTextTarget(event.target)) return;
      const picked = filesFromClipboard(event.clipboardData);
      if (picked.length === 0) return;
      event.preventDefault();
      take(picked);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  });

  useEffect(() => {
    // webkitdirectory is not in React's typings; set it on the element.
    folderRef.current?.setAttribute('webkitdirectory', '');
  }, []);

  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="dropzone"
      onDragEnter={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        setOver(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const pending = filesFromDataTransfer(e.dataTransfer);
        setReading(true);
        pending
          .then(take)
          .catch((err: unknown) =>
            store.getState().addNotice({ kind: 'error', code: 'drop', message: `The dropped files could not be read: ${String(err)}` }),
          )
          .finally(() => setReading(false));
      }}
    >
      <p>
        {reading ? 'Reading the dropped files…' : 'Drop images or whole folders here (a folder\'s name becomes the label), or paste an image.'}
      </p>
      <div className="dropzone-buttons">
        <button type="button" className="button" data-testid="pick-files" onClick={() => filesRef.current?.click()}>
          Choose images…
        </button>
        <button type="button" className="button" data-testid="pick-folder" onClick={() => folderRef.current?.click()}>
          Choose a folder…
        </button>
      </div>
      <input
        ref={filesRef}
        type="file"
        accept="image/*"
        multiple
        hidden
        data-testid="file-input"
        aria-label="Choose image files"
        onChange={(e) => {
          take(filesFromInput(e.target.files));
          e.target.value = '';
        }}
      />
      <input
        ref={folderRef}
        type="file"
        multiple
        hidden
        data-testid="folder-input"
        aria-label="Choose a folder of images"
        onChange={(e) => {
          take(filesFromInput(e.target.files));
          e.target.value = '';
        }}
      />
    </div>
  );
}
