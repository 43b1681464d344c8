/**
 * A number that changes many times a second (step, loss, steps/s), written
 * straight into the DOM from a store subscription: no React re-render per step.
 */
import { useEffect, useRef } from 'react';
import { useAppStore } from '../../state/context';
import type { AppState } from '../../state/types';

export function LiveValue(props: { select(s: AppState): string; testId?: string; className?: string }) {
  const store = useAppStore();
  const ref = useRef<HTMLSpanElement>(null);
  const selectRef = useRef(props.select);
  selectRef.current = props.select;
  useEffect(() => {
    const write = (text: string) => {
      if (ref.current && ref.current.textContent !== text) ref.current.textContent = text;
    };
    write(selectRef.current(store.getState()));
    return store.subscribe((s) => selectRef.current(s), write);
  }, [store]);
  return <span ref={ref} className={props.className} data-testid={props.testId} />;
}
