/**
 * The two pieces every live chart shares: the focusable box around the plot,
 * which carries the chart's label and the read-out's events, and the layer the
 * page draws its live data into, inside recharts' own <svg> (see LiveSeries.tsx).
 */
import { useEffect, useId, useLayoutEffect, useState, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { PlotArea } from './plotArea';
import type { PlotReadout } from './usePlotReadout';

/** A chart's own recharts <svg> under `root` (not the small icons recharts may put in legends), or null. */
export function chartSurface(root: ParentNode | null | undefined): SVGSVGElement | null {
  return root?.querySelector<SVGSVGElement>('.recharts-wrapper > svg') ?? null;
}

/**
 * recharts' <svg> inside `box` (the element recharts keeps across updates),
 * re-checked after each render of the calling component: the live data is
 * drawn into it through a portal. While there is none, the box is watched
 * for it: recharts may add its <svg> in a render of its own, after the
 * caller's last (a chart that re-renders only when new data comes would
 * otherwise draw nothing until then).
 */
export function useChartSurface(box: RefObject<HTMLElement | null>): SVGSVGElement | null {
  const [surface, setSurface] = useState<SVGSVGElement | null>(null);
  useLayoutEffect(() => {
    const found = chartSurface(box.current);
    if (found !== surface) setSurface(found);
  });
  useEffect(() => {
    const root = box.current;
    if (surface || !root || typeof MutationObserver === 'undefined') return;
    const observer = new MutationObserver(() => {
      const found = chartSurface(root);
      if (found) setSurface(found);
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [surface, box]);
  return surface;
}

/** The plot's box: focusable, labelled with `label` and how the keys read `items` ("points", "bins"). */
export function PlotBox(props: { boxRef: RefObject<HTMLDivElement | null>; label: string; items: string; readout: PlotReadout<unknown>; children: ReactNode }) {
  return (
    <div
      ref={props.boxRef}
      className="chart-plot"
      tabIndex={0}
      role="group"
      aria-label={`${props.label}. Left and right arrow keys read the ${props.items}.`}
      {...props.readout.handlers}
    >
      {props.children}
    </div>
  );
}

/**
 * A <g> rendered through a portal into recharts' `surface`, clipped to the
 * plot: data past the axes (while a chart waits for its turn to change them,
 * frameGate.ts) stays inside it. With `clip` false it is not clipped, for
 * labels in the margin beside the plot. Pointer events go to the box around.
 */
export function LiveLayer(props: { surface: SVGSVGElement | null; area: PlotArea; className: string; clip?: boolean; children: ReactNode }) {
  const { area } = props;
  const clipId = `live-clip-${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  if (!props.surface) return null;
  const clip = props.clip ?? true;
  return createPortal(
    <g className={props.className} pointerEvents="none" clipPath={clip ? `url(#${clipId})` : undefined}>
      {clip && (
        <clipPath id={clipId}>
          <rect x={area.left - 2} y={area.top - 2} width={area.width + 4} height={area.height + 4} />
        </clipPath>
      )}
      {props.children}
    </g>,
    props.surface,
  );
}
