/** Which colour is which class, with how many of the map's points each has. */
import { useMemo } from 'react';
import { classColour, UNLABELLED_COLOUR } from './palette';

export function MapLegend({ labels, classNames }: { labels: Int32Array; classNames: readonly string[] }) {
  const counts = useMemo(() => {
    const out = new Map<number, number>();
    for (const l of labels) out.set(l, (out.get(l) ?? 0) + 1);
    return out;
  }, [labels]);
  const unknown = counts.get(-1) ?? 0;
  return (
    <ul className="map-legend" data-testid="map-legend" aria-label="Colours of the classes">
      {classNames.map((name, k) => (
        <li key={name}>
          <span className="legend-dot" aria-hidden="true" style={{ background: classColour(k) }} />
          {name} <span className="legend-count">({counts.get(k) ?? 0})</span>
        </li>
      ))}
      {unknown > 0 && (
        <li>
          <span className="legend-dot" aria-hidden="true" style={{ background: UNLABELLED_COLOUR }} />
          no label <span className="legend-count">({unknown})</span>
        </li>
      )}
    </ul>
  );
}
