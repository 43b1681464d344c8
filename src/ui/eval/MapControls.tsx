/** PCA or UMAP, h or z, refresh now or every few evaluations. */
import { useApp, useAppStore } from '../../state/context';
import type { MapMethod } from '../../worker/protocol';
import { SelectField, type Option } from '../components/SelectField';
import { BusyButton } from '../components/BusyButton';
import { Segmented } from '../components/Segmented';

const METHODS: { value: MapMethod; label: string }[] = [
  { value: 'pca', label: 'PCA' },
  { value: 'umap', label: 'UMAP' },
];
const SPACES: { value: 'h' | 'z'; label: string }[] = [
  { value: 'h', label: 'h (encoder)' },
  { value: 'z', label: 'z (head)' },
];
const AUTO: Option<number>[] = [
  { value: 0, label: 'only when I press Refresh' },
  { value: 1, label: 'after every evaluation' },
  { value: 2, label: 'after every 2 evaluations' },
  { value: 5, label: 'after every 5 evaluations' },
];

export function MapControls() {
  const store = useAppStore();
  const method = useApp((s) => s.mapMethod);
  const space = useApp((s) => s.mapSpace);
  const auto = useApp((s) => s.mapAutoEvery);
  const pending = useApp((s) => s.mapPending);
  const canAsk = useApp((s) => s.ready !== null && s.dataset !== null && !s.datasetPending);
  return (
    <div className="map-controls">
      <Segmented legend="Method" name="map-method" value={method} options={METHODS} onChange={(m) => store.getState().setMapView({ method: m })} />
      <Segmented legend="Features" name="map-space" value={space} options={SPACES} onChange={(v) => store.getState().setMapView({ space: v })} />
      <BusyButton
        label="Refresh"
        busyLabel="Mapping…"
        busy={pending}
        disabled={!canAsk}
        small
        testId="map-refresh"
        onClick={() => store.getState().requestMap()}
      />
      <SelectField label="Update the map" testId="map-auto" value={auto} options={AUTO} onChange={(v) => store.getState().setMapAutoEvery(v)} />
    </div>
  );
}
