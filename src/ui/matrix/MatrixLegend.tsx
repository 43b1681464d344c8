/** The colour scale of the heatmap; its end labels are written by the drawing code (they change per step in softmax mode). */
import type { RefObject } from 'react';
import { DIVERGING_LUT, lutGradient, SEQUENTIAL_LUT } from './colormap';
import { MASK_RGB } from './draw';

export function MatrixLegend(props: {
  diverging: boolean;
  unit: string;
  loRef: RefObject<HTMLSpanElement | null>;
  hiRef: RefObject<HTMLSpanElement | null>;
}) {
  return (
    <div className="matrix-legend" data-testid="matrix-legend">
      <div className="legend-scale">
        <span ref={props.loRef} className="legend-end" data-testid="legend-lo" />
        <span
          className="legend-bar"
          role="img"
          aria-label={`Colour scale of ${props.unit}`}
          style={{ background: lutGradient(props.diverging ? DIVERGING_LUT : SEQUENTIAL_LUT) }}
        />
        <span ref={props.hiRef} className="legend-end" data-testid="legend-hi" />
        <span className="legend-unit">{props.unit}</span>
      </div>
      <div className="legend-key">
        <span className="legend-swatch outline" aria-hidden="true" /> positive pair
        <span className="legend-swatch" aria-hidden="true" style={{ background: `rgb(${MASK_RGB.join(',')})` }} /> diagonal (masked)
      </div>
    </div>
  );
}
