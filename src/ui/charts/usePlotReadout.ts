/**
 * What the user points at in a chart whose data the page draws itself: set by
 * the pointer over the plot and by the arrow, Home and End keys while the plot
 * has focus; cleared when the pointer leaves or focus moves on. The chart says
 * what a pixel and a key mean (a step for a line chart, a bin for the
 * histogram); the hook holds the choice and wires the events.
 */
import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Point } from './downsample';
import { nearestPoint, xAtPixel, type Domains, type PlotArea } from './plotArea';

export interface PlotReadout<T> {
  /** The item pointed at, or null. */
  value: T | null;
  /** Spread onto the plot's focusable box. */
  handlers: {
    onPointerMove(e: PointerEvent<HTMLElement>): void;
    onPointerLeave(): void;
    onKeyDown(e: KeyboardEvent<HTMLElement>): void;
    onBlur(): void;
  };
}

export function usePlotReadout<T>(opts: {
  /** The item at pixel x `px` from the plot box's left edge, or null outside the plot. */
  at(px: number): T | null;
  /** The item after pressing `key` from `current` (null: nothing chosen yet), or undefined when the key means nothing here. */
  key(current: T | null, key: string): T | null | undefined;
}): PlotReadout<T> {
  const [value, setValue] = useState<T | null>(null);
  return {
    value,
    handlers: {
      onPointerMove: (e) => setValue(opts.at(e.clientX - e.currentTarget.getBoundingClientRect().left)),
      onPointerLeave: () => setValue(null),
      onKeyDown: (e) => {
        const next = opts.key(value, e.key);
        if (next === undefined) return;
        e.preventDefault();
        setValue(next);
      },
      onBlur: () => setValue(null),
    },
  };
}

/** The moves of the read-out keys over `count` items from index `from` (-1: none yet, start at the last): the new index, or undefined. */
export function keyMove(key: string, from: number, count: number): number | undefined {
  if (count === 0) return undefined;
  const start = from >= 0 ? from : count - 1;
  const to = ({ ArrowLeft: start - 1, ArrowRight: start + 1, Home: 0, End: count - 1 } as Record<string, number>)[key];
  return to === undefined ? undefined : Math.max(0, Math.min(count - 1, to));
}

/** Where the read-out box sits: beside pixel x `x` of a plot `width` wide, on the side with more room. */
export function readoutPosition(x: number, top: number, width: number): { left: number; top: number; transform?: string } {
  return x > width * 0.6 ? { left: x - 10, top, transform: 'translateX(-100%)' } : { left: x + 10, top };
}

/**
 * The read-out of a line chart over `points` (sorted by x): the x pointed at
 * inside the plot, or moved to with the keys from point to point, and the
 * index of the point with a value nearest to it (-1 when none).
 */
export function useLineReadout(points: readonly Point[], domains: Domains, area: PlotArea): { readout: PlotReadout<number>; activeIndex: number } {
  const readout = usePlotReadout<number>({
    at: (px) => (px < area.left || px > area.left + area.width ? null : xAtPixel(px, domains, area)),
    key: (x, key) => {
      const to = keyMove(key, x === null ? -1 : nearestPoint(points, x), points.length);
      return to === undefined ? undefined : points[to]!.x;
    },
  });
  return { readout, activeIndex: readout.value === null ? -1 : nearestPoint(points, readout.value) };
}
