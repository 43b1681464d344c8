/** The metrics log as CSV, and the run's settings as a runnable PyTorch Lightning + lightly script. */
import { useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import { metricsCsvParts } from './chunkedText';
import { saveText } from './saveFile';

export function RunExports() {
  const store = useAppStore();
  const hasMetrics = useApp((s) => s.metrics.history.length > 0);
  const [note, setNote] = useState<string | null>(null);

  const saveMetrics = async () => {
    const history = store.getState().metrics.history;
    saveText(await metricsCsvParts(history), 'simclr-metrics.csv', 'text/csv');
    setNote(`Saved ${history.length} steps of metrics: simclr-metrics.csv.`);
  };

  const saveScript = async () => {
    const s = store.getState();
    const config = s.appliedConfig ?? s.config;
    const dataset = s.datasetChoice === 'upload' ? undefined : s.datasetChoice;
    try {
      // The script's template is large and rarely wanted: its own chunk, loaded on the first click.
      const { pytorchScript } = await import('../../core/export/pytorchScript');
      saveText(pytorchScript(config, dataset ? { dataset } : {}), 'simclr_lightly.py', 'text/x-python');
      setNote('Saved simclr_lightly.py: run it with python (torch, torchvision, lightly and pytorch_lightning installed); --help lists its options.');
    } catch (err) {
      setNote(`The script could not be written: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <div className="export-group" data-testid="export-run">
      <h3 className="subhead">Metrics and script</h3>
      <div className="export-buttons">
        <button type="button" className="button" data-testid="export-metrics" disabled={!hasMetrics} onClick={() => void saveMetrics()}>
          Metrics CSV
        </button>
        <button type="button" className="button" data-testid="export-script" onClick={() => void saveScript()}>
          PyTorch script
        </button>
      </div>
      <p className="field-hint">
        The CSV has one row per step (numbered as the page counts them, from 1). The script trains the same augmentations, network, head,
        loss and optimiser with PyTorch Lightning on any number of GPUs.
      </p>
      {note && (
        <p className="export-status" role="status" data-testid="export-run-status">
          {note}
        </p>
      )}
    </div>
  );
}
