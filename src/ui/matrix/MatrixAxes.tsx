/** Axis labels around the heatmap: which half of the rows and columns is which view (or positive / negatives). */
import { useApp } from '../../state/context';
import type { MatrixLayout } from './transform';

export function MatrixAxes({ layout }: { layout: MatrixLayout }) {
  const n = useApp((s) => (s.similarity ? s.similarity.size / 2 : null));
  const range = n ? ` (images 1–${n})` : '';
  return (
    <>
      <div className="axis axis-top" aria-hidden="true" data-layout={layout}>
        {layout === 'masked' ? (
          <>
            <span>view 1{range}</span>
            <span>view 2{range}</span>
          </>
        ) : (
          <>
            <span className="axis-positive">↓ positive</span>
            <span>negatives: {n ? 2 * n - 2 : '2N − 2'} other views →</span>
          </>
        )}
      </div>
      <div className="axis axis-left" aria-hidden="true">
        <span>anchor: view 1</span>
        <span>anchor: view 2</span>
      </div>
    </>
  );
}
