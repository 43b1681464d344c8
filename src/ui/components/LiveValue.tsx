/**
 * A number that changes many times a second (step, loss, steps/s), written
 * straight into the DOM from a store subscription: no React re-render per step.
 * On a slow display (display/displayPace.ts) the write waits for the shared
 * slot, with the other live views, so they all land in one frame.
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/context';
import type { AppState } from '../../state/types';
import { displayPace } from '../display/displayPace';

export function LiveValue(props: { select(s: AppState): string; testId?: string; className?: string }) {
  const store = useAppStore();
  const ref = useRef<HTMLSpanElement>(null);
  const selectRef = useRef(props.select);
  selectRef.current = props.select;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const write = () => {
      timer = undefined;
      const text = selectRef.current(store.getState());
      if (!ref.current || ref.current.textContent === text) return;
      ref.current.textContent = text;
      displayPace.changed(performance.now());
    };
    const schedule = () => {
      if (timer !== undefined) return;
      const wait = displayPace.wait(performance.now());
      if (wait <= 0) write();
      else timer = setTimeout(write, wait);
    };
    write();
    const unsubscribe = store.subscribe((s) => selectRef.current(s), schedule);
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store]);
  return <span ref={ref} className={props.className} data-testid={props.testId} />;
}
