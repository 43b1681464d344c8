/** The hovered or keyboard-selected cell and its anchor row, as positioned outlines over the canvas (no canvas redraw). */
export function MatrixCursor(props: { row: number; col: number; rows: number; cols: number }) {
  const h = 100 / props.rows;
  const w = 100 / props.cols;
  return (
    <>
      <div className="matrix-cursor-row" aria-hidden="true" style={{ top: `${props.row * h}%`, height: `${h}%` }} />
      <div
        className="matrix-cursor-cell"
        aria-hidden="true"
        data-testid="matrix-cursor"
        style={{ top: `${props.row * h}%`, height: `${h}%`, left: `${props.col * w}%`, width: `${w}%` }}
      />
    </>
  );
}
