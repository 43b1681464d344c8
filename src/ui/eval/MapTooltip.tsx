/** The image under the mouse (or the keyboard cursor) on the map: its thumbnail, label and number. */
import { useApp } from '../../state/context';
import { classOf } from '../data/thumbnails';
import { DatasetImage } from './DatasetImage';

export function MapTooltip(props: { index: number; x: number; y: number; width: number }) {
  const dataset = useApp((s) => s.dataset);
  if (!dataset) return null;
  const cls = classOf(dataset, props.index);
  const flip = props.x > props.width * 0.6;
  return (
    <div
      className="map-tooltip"
      role="status"
      data-testid="map-tooltip"
      data-index={props.index}
      style={{ left: flip ? undefined : props.x + 12, right: flip ? props.width - props.x + 12 : undefined, top: props.y + 12 }}
    >
      <DatasetImage index={props.index} className="thumb-medium" />
      <div>
        <strong>{cls ?? 'no label'}</strong>
        <br />
        image {props.index}
        <br />
        <span className="field-hint">click or Enter: its neighbours</span>
      </div>
    </div>
  );
}
