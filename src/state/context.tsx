/** React access to the store: a provider, a selector hook and a throttled selector hook. */
import { createContext, startTransition, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from './store';
import type { AppState } from './types';

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a <StoreProvider>');
  return store;
}

/** Re-renders when the selected value changes (Object.is). */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}

/**
 * The selected value, re-read at most every `ms` milliseconds and rendered as a
 * transition (interruptible): for charts fed by a stream that changes twenty
 * times a second. While `active` is false (say, scrolled out of view) it does
 * not update at all; it catches up when it becomes active. `offsetMs` delays the
 * first update so that several charts do not all render in the same task.
 */
export function useThrottledApp<T>(selector: (s: AppState) => T, ms: number, opts: { active?: boolean; offsetMs?: number } = {}): T {
  const store = useAppStore();
  const active = opts.active ?? true;
  const offset = opts.offsetMs ?? 0;
  const [value, setValue] = useState(() => selector(store.getState()));
  const selectorRef = useRef(selector);
  selectorRef.current = selector;
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = Date.now() - ms + offset;
    const update = () => {
      timer = undefined;
      last = Date.now();
      const next = selectorRef.current(store.getState());
      startTransition(() => setValue(() => next));
    };
    const schedule = () => {
      if (timer !== undefined) return;
      timer = setTimeout(update, Math.max(0, ms - (Date.now() - last)));
    };
    const unsubscribe = store.subscribe((s) => selectorRef.current(s), schedule);
    update();
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, ms, active, offset]);
  return value;
}

/** Whether the element is on screen (or near it); true where IntersectionObserver is missing. */
export function useInView(ref: { current: Element | null }, rootMargin = '200px'): boolean {
  const [inView, setInView] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setInView(entry.isIntersecting);
    }, { rootMargin });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, rootMargin]);
  return inView;
}
