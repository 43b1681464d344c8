/** Renders a component with a store wired to a recording port, in the DOM environment of the calling test file. */
import { act, type ReactNode } from 'react';
import { vi } from 'vitest';
import { createRoot, type Root } from 'react-dom/client';
import { StoreProvider } from '../../../src/state/context';
import { makeStore, readyMessage, datasetReady } from '../state/fakes';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export function renderWithStore(ui: ReactNode, opts: { ready?: boolean } = {}) {
  const made = makeStore();
  if (opts.ready) {
    made.store.getState().start();
    made.store.getState().receive(readyMessage());
    made.store.getState().receive(datasetReady(8));
    made.port.take();
  }
  const container = document.createElement('div');
  document.body.append(container);
  let root: Root;
  act(() => {
    root = createRoot(container);
    root.render(<StoreProvider store={made.store}>{ui}</StoreProvider>);
  });
  return {
    ...made,
    container,
    get: (testId: string) => {
      const el = container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
      if (!el) throw new Error(`no element with data-testid="${testId}"`);
      return el;
    },
    all: (testId: string) => [...container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)],
    /** Runs store updates and events inside act. */
    act: (fn: () => void) => act(fn),
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

export function click(el: HTMLElement): void {
  act(() => {
    el.click();
  });
}

/** Sets a form control's value the way React notices, then fires `change`. */
export function change(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  act(() => {
    setter?.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

/**
 * Catches the files the page saves (an <a download> clicked on a blob URL):
 * each one's name and blob, in order. Call vi.restoreAllMocks() after the test.
 */
export function captureDownloads(): { name: string; blob: Blob }[] {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  let n = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test-${n++}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.getAttribute('href')!)! });
  });
  return saved;
}
