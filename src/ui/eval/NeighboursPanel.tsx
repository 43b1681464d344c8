/** Nearest neighbours: a picked image and the images whose h points the most the same way. */
import { useApp, useAppStore } from '../../state/context';
import { Panel } from '../components/Panel';
import { SelectField } from '../components/SelectField';
import { classOf } from '../data/thumbnails';
import { DatasetImage } from './DatasetImage';
import { cosine } from './format';
import { ImagePicker } from './ImagePicker';
import './eval.css';

const K_OPTIONS = [4, 8, 16].map((k) => ({ value: k, label: String(k) }));

function NeighbourList() {
  const store = useAppStore();
  const dataset = useApp((s) => s.dataset);
  const selected = useApp((s) => s.selectedImage);
  const result = useApp((s) => s.neighbours);
  const pending = useApp((s) => s.neighboursPending);
  if (!dataset || selected === null) {
    return (
      <p className="eval-empty" data-testid="neighbours-status">
        Pick an image: click a thumbnail in the Data panel or a dot on the map, or type its number.
      </p>
    );
  }
  const queryClass = classOf(dataset, selected);
  const shown = result && result.index === selected ? result : null;
  const indices = shown ? [...shown.neighbours] : [];
  const same = queryClass ? indices.filter((i) => classOf(dataset, i) === queryClass).length : 0;
  return (
    <div className="neighbours" aria-busy={pending}>
      <figure className="neighbour-query" data-testid="neighbours-query" data-index={selected}>
        <DatasetImage index={selected} className="thumb-large" />
        <figcaption>
          Image {selected}
          {queryClass && <span className="tooltip-class"> · {queryClass}</span>}
        </figcaption>
      </figure>
      <div className="neighbour-results">
        <p className="neighbours-summary" data-testid="neighbours-status" aria-live="polite">
          {pending && !shown
            ? 'Finding its neighbours…'
            : shown
              ? `${queryClass ? `${same} of ${indices.length} share its label (${queryClass}). ` : ''}Measured at step ${shown.step}.`
              : 'No neighbours yet.'}
        </p>
        <ol className="neighbour-list" data-testid="neighbours-list">
          {indices.map((index, rank) => {
            const cls = classOf(dataset, index);
            const match = queryClass !== undefined && cls === queryClass;
            return (
              <li key={`${rank}-${index}`}>
                <button
                  type="button"
                  className={`neighbour${match ? ' match' : ''}`}
                  data-testid="neighbour"
                  data-index={index}
                  title="Show this image's neighbours"
                  aria-label={`Neighbour ${rank + 1}: image ${index}${cls ? `, ${cls}` : ''}${match ? ' (same label)' : ''}, cosine ${cosine(shown!.scores[rank] ?? NaN)}`}
                  onClick={() => store.getState().selectImage(index)}
                >
                  <DatasetImage index={index} className="thumb-medium" />
                  <span className="neighbour-score">{cosine(shown!.scores[rank] ?? NaN)}</span>
                  <span className="neighbour-label">
                    {match && <span aria-hidden="true">✓ </span>}
                    {cls ?? `#${index}`}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

export function NeighboursPanel() {
  const store = useAppStore();
  const k = useApp((s) => s.neighboursK);
  const selected = useApp((s) => s.selectedImage);
  const pending = useApp((s) => s.neighboursPending);
  const ready = useApp((s) => s.ready !== null && s.dataset !== null);
  return (
    <Panel
      title="Nearest neighbours"
      testId="neighbours-panel"
      explain="neighbours"
      className="neighbours-panel"
      actions={
        <button
          type="button"
          className="button small"
          data-testid="neighbours-refresh"
          disabled={!ready || selected === null || pending}
          onClick={() => store.getState().refreshNeighbours()}
        >
          Refresh
        </button>
      }
    >
      <div className="neighbours-controls">
        <ImagePicker />
        <SelectField label="Neighbours" testId="neighbours-k" value={k} options={K_OPTIONS} onChange={(v) => store.getState().setNeighboursK(v)} />
      </div>
      <NeighbourList />
    </Panel>
  );
}
