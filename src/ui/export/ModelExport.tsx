/** Download the trained model (model.json + weights file) and load one back. */
import { useEffect, useRef, useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import { MODEL_JSON_NAME, MODEL_WEIGHTS_NAME, pickModelFiles, withWeightsPath } from './modelFiles';
import { saveBlob, saveText } from './saveFile';

export function ModelExport() {
  const store = useAppStore();
  const ready = useApp((s) => s.ready !== null);
  const pending = useApp((s) => s.modelExportPending);
  const status = useApp((s) => s.importStatus);
  const inputRef = useRef<HTMLInputElement>(null);
  const wanted = useRef(false);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(
    () =>
      store.subscribe(
        (s) => s.modelExport,
        (model) => {
          if (!model || !wanted.current) return;
          wanted.current = false;
          try {
            saveText(withWeightsPath(model.modelJson), MODEL_JSON_NAME, 'application/json');
            saveBlob(new Blob([model.weights], { type: 'application/octet-stream' }), MODEL_WEIGHTS_NAME);
            setSaved(`Saved the model at step ${model.step}: ${MODEL_JSON_NAME} and ${MODEL_WEIGHTS_NAME}.`);
          } catch (err) {
            setSaved(`The model could not be saved: ${err instanceof Error ? err.message : String(err)}`);
          }
        },
      ),
    [store],
  );

  const load = async (files: File[]) => {
    const picked = pickModelFiles(files);
    if (typeof picked === 'string') return store.getState().refuseImport(picked);
    try {
      const [text, weights] = await Promise.all([picked.json.text(), picked.weights.arrayBuffer()]);
      store.getState().importModel(text, weights, picked.json.name);
    } catch (err) {
      store.getState().refuseImport(`The files could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <div className="export-group" data-testid="export-model">
      <h3 className="subhead">Trained model</h3>
      <div className="export-buttons">
        <button
          type="button"
          className="button"
          data-testid="export-model-download"
          disabled={!ready || pending}
          aria-busy={pending}
          onClick={() => {
            wanted.current = true;
            setSaved(null);
            store.getState().requestModelExport();
          }}
        >
          {pending ? 'Preparing…' : 'Download model'}
        </button>
        <button
          type="button"
          className="button"
          data-testid="export-model-load"
          disabled={!ready || status?.kind === 'loading'}
          onClick={() => inputRef.current?.click()}
        >
          Load model…
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          hidden
          accept=".json,.bin,application/json,application/octet-stream"
          data-testid="export-model-input"
          aria-label={`Choose ${MODEL_JSON_NAME} and ${MODEL_WEIGHTS_NAME}`}
          onChange={(e) => {
            const files = e.target.files ? [...e.target.files] : [];
            e.target.value = '';
            void load(files);
          }}
        />
      </div>
      <p className="field-hint">TensorFlow.js format: two files. To load, choose both at once.</p>
      {saved && (
        <p className="export-status" role="status" data-testid="export-model-saved">
          {saved}
        </p>
      )}
      {status && (
        <p
          className={`export-status${status.kind === 'refused' ? ' field-error' : ''}`}
          role={status.kind === 'refused' ? 'alert' : 'status'}
          data-testid="export-model-status"
          data-kind={status.kind}
        >
          {status.message}
        </p>
      )}
    </div>
  );
}
