/** Download the trained model (model.json + weights file) and load one back. */
import { useApp, useAppStore } from '../../state/context';
import { errorText, FileImportButton, TransferStatus, useRequestedSave } from './fileTransfer';
import { MODEL_JSON_NAME, MODEL_WEIGHTS_NAME, pickModelFiles, withWeightsPath } from './modelFiles';
import { saveBlob, saveText } from './saveFile';
import { BusyButton } from '../components/BusyButton';

export function ModelExport() {
  const store = useAppStore();
  const ready = useApp((s) => s.ready !== null);
  const pending = useApp((s) => s.modelExportPending);
  const status = useApp((s) => s.importStatus);
  const { saved, request } = useRequestedSave(
    (s) => s.modelExport,
    (model) => {
      saveText(withWeightsPath(model.modelJson), MODEL_JSON_NAME, 'application/json');
      saveBlob(new Blob([model.weights], { type: 'application/octet-stream' }), MODEL_WEIGHTS_NAME);
      return `Saved the model at step ${model.step}: ${MODEL_JSON_NAME} and ${MODEL_WEIGHTS_NAME}.`;
    },
    'The model could not be saved',
  );

  const load = async (files: File[]) => {
    const picked = pickModelFiles(files);
    if (typeof picked === 'string') return store.getState().refuseImport(picked);
    try {
      const [text, weights] = await Promise.all([picked.json.text(), picked.weights.arrayBuffer()]);
      store.getState().importModel(text, weights, picked.json.name);
    } catch (err) {
      store.getState().refuseImport(`The files could not be read: ${errorText(err)}`);
    }
  };

  return (
    <div className="export-group" data-testid="export-model">
      <h3 className="subhead">Trained model</h3>
      <div className="export-buttons">
        <BusyButton
          label="Download model"
          busyLabel="Preparing…"
          busy={pending}
          disabled={!ready}
          testId="export-model-download"
          onClick={() => request(() => store.getState().requestModelExport())}
        />
        <FileImportButton
          label="Load model…"
          testId="export-model-load"
          inputTestId="export-model-input"
          ariaLabel={`Choose ${MODEL_JSON_NAME} and ${MODEL_WEIGHTS_NAME}`}
          accept=".json,.bin,application/json,application/octet-stream"
          multiple
          disabled={!ready || status?.kind === 'loading'}
          onFiles={(files) => void load(files)}
        />
      </div>
      <p className="field-hint">TensorFlow.js format: two files. To load, choose both at once.</p>
      <TransferStatus saved={saved} savedTestId="export-model-saved" status={status} statusTestId="export-model-status" />
    </div>
  );
}
