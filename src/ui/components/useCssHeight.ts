import { useEffect, type RefObject } from 'react';

/** Keeps CSS variable `name` on <html> equal to the element's height in px (for sticky offsets). */
export function useCssHeight(ref: RefObject<HTMLElement | null>, name: string): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const write = () => document.documentElement.style.setProperty(name, `${Math.ceil(el.getBoundingClientRect().height)}px`);
    write();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(write);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, name]);
}
