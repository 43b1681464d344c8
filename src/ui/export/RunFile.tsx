/**
 * The whole run as one file: dataset at training size, settings, weights,
 * optimiser state, step and metrics (`simclr-run-step-N.simclr`), and loading
 * such a file back, which replaces the run (a bad file is refused and the run kept).
 */
import { useApp, useAppStore } from '../../state/context';
import { errorText, FileImportButton, TransferStatus, useRequestedSave } from './fileTransfer';
import { saveBlob } from './saveFile';
import { BusyButton } from '../components/BusyButton';

/** Largest run file read (the worker's dataset budget is 256 MB of float32; stored as bytes it is smaller). */
const MAX_RUN_FILE_BYTES = 400 * 1024 * 1024;

export function RunFile() {
  const store = useAppStore();
  const canExport = useApp((s) => s.ready !== null && s.dataset !== null && !s.datasetPending);
  const ready = useApp((s) => s.ready !== null);
  const pending = useApp((s) => s.runExportPending);
  const status = useApp((s) => s.runFileStatus);
  const { saved, request } = useRequestedSave(
    (s) => s.runExport,
    (file) => {
      saveBlob(new Blob([file.bytes], { type: 'application/octet-stream' }), file.fileName);
      return `Saved the run at step ${file.step}: ${file.fileName} (${(file.bytes.byteLength / 1e6).toFixed(1)} MB).`;
    },
    'The run could not be saved',
  );

  const load = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_RUN_FILE_BYTES) {
      return store.getState().refuseRunFile(`${file.name} is ${(file.size / 1e6).toFixed(0)} MB, more than a run file of this playground can be.`);
    }
    try {
      store.getState().importRun(await file.arrayBuffer(), file.name);
    } catch (err) {
      store.getState().refuseRunFile(`${file.name} could not be read: ${errorText(err)}`);
    }
  };

  return (
    <div className="export-group" data-testid="export-run-file">
      <h3 className="subhead">Whole run</h3>
      <div className="export-buttons">
        <BusyButton
          label="Export run"
          busyLabel="Preparing…"
          busy={pending}
          disabled={!canExport}
          testId="run-export"
          onClick={() => request(() => store.getState().requestRunExport())}
        />
        <FileImportButton
          label="Import run…"
          testId="run-import"
          inputTestId="run-import-input"
          ariaLabel="Choose a .simclr run file"
          accept=".simclr,application/octet-stream"
          disabled={!ready || status?.kind === 'loading'}
          onFiles={(files) => void load(files[0])}
        />
      </div>
      <p className="field-hint">
        One .simclr file with the images at training size, the settings, the weights, the optimiser state and the charts: import it
        here (in any browser) to go on training from the same step. The run is also saved in this browser as it trains, so a reload
        keeps it.
      </p>
      <TransferStatus saved={saved} savedTestId="run-export-saved" status={status} statusTestId="run-import-status" />
    </div>
  );
}
