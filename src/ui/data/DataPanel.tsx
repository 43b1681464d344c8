/** The Data panel: built-in datasets, the user's images, what the worker kept. */
import { useApp, useAppStore } from '../../state/context';
import type { DatasetChoice } from '../../state/types';
import type { PresetName } from '../../worker/protocol';
import { Panel } from '../components/Panel';
import { DatasetThumbs } from './DatasetThumbs';
import { DropZone } from './DropZone';
import { RejectedList } from './RejectedList';
import { UploadList } from './UploadList';

const PRESETS: { name: PresetName; label: string; note: string }[] = [
  { name: 'shapes', label: 'Synthetic shapes', note: 'coloured shapes drawn on the fly; no download' },
  { name: 'mnist', label: 'MNIST', note: 'handwritten digits' },
  { name: 'fashion-mnist', label: 'Fashion-MNIST', note: 'clothing photos' },
];

function DatasetStatus() {
  const pending = useApp((s) => s.datasetPending);
  const progress = useApp((s) => s.datasetProgress);
  const dataset = useApp((s) => s.dataset);
  const ready = useApp((s) => s.ready !== null);
  let text: string;
  if (!ready) text = 'Waiting for the training worker…';
  else if (pending) text = progress ? `Loading… ${progress.done} / ${progress.total}` : 'Loading…';
  else if (dataset) {
    const classes = dataset.classNames.length > 0 ? `, ${dataset.classNames.length} classes` : '';
    text = `${dataset.count} images${classes}, ${dataset.size} px, ${dataset.channels === 1 ? 'grey' : 'colour'}`;
  } else text = 'No data yet.';
  return (
    <p className="dataset-status" data-testid="dataset-status" aria-live="polite">
      {text}
    </p>
  );
}

export function DataPanel() {
  const store = useAppStore();
  const choice = useApp((s) => s.datasetChoice);
  const uploads = useApp((s) => s.uploads.length);
  const choose = (value: DatasetChoice) => {
    if (value === 'upload') store.getState().chooseUploads();
    else store.getState().choosePreset(value);
  };
  return (
    <Panel title="Data" testId="data-panel" explain="data">
      <fieldset className="radio-group">
        <legend>Dataset</legend>
        {PRESETS.map((p) => (
          <label key={p.name} title={p.note}>
            <input
              type="radio"
              name="dataset"
              value={p.name}
              data-testid={`dataset-${p.name}`}
              checked={choice === p.name}
              onChange={() => choose(p.name)}
            />
            {p.label}
          </label>
        ))}
        <label>
          <input
            type="radio"
            name="dataset"
            value="upload"
            data-testid="dataset-upload"
            checked={choice === 'upload'}
            disabled={uploads === 0}
            onChange={() => choose('upload')}
          />
          Your images ({uploads})
        </label>
      </fieldset>
      <DatasetStatus />
      <DatasetThumbs />
      <DropZone />
      <UploadList />
      <RejectedList />
    </Panel>
  );
}
