/**
 * Keeps the URL hash in step with the store (config, seed, dataset preset,
 * backend) and applies a hash the user pastes into the address bar.
 * Writes use `history.replaceState` (no history entry per slider move), debounced.
 */
import type { AppState } from './types';
import type { AppStore } from './store';
import { diffConfig, isEmptyPatch } from './configPaths';
import { parseHash, serializeHash, type HashState } from './urlHash';

export interface UrlWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  addEventListener(type: 'hashchange', listener: () => void): void;
  removeEventListener(type: 'hashchange', listener: () => void): void;
}

export function hashStateOf(s: AppState): HashState {
  return {
    config: s.config,
    preset: s.datasetChoice === 'upload' ? undefined : s.datasetChoice,
    backend: s.backendPreference,
  };
}

/** The sentence shown when a link held settings the page could not use. */
export function ignoredNotice(ignored: string[]): string {
  return `Some settings in the link were not used: ${ignored.join('; ')}.`;
}

export interface UrlSync {
  /** Writes the pending hash now (before a reload). */
  flush(): void;
  dispose(): void;
}

export function installUrlSync(store: AppStore, win: UrlWindow, delayMs = 250): UrlSync {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: string | undefined;

  const write = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (pending === undefined) return;
    const hash = pending;
    pending = undefined;
    if (win.location.hash.replace(/^#/, '') === hash) return;
    win.history.replaceState(null, '', hash ? `#${hash}` : `${win.location.pathname}${win.location.search}`);
  };

  // The store changes with every metrics message while training; the hash only with these three.
  let last: { config: AppState['config']; choice: AppState['datasetChoice']; backend: AppState['backendPreference']; hash: string } | undefined;
  const hashOf = (s: AppState): string => {
    if (last && last.config === s.config && last.choice === s.datasetChoice && last.backend === s.backendPreference) return last.hash;
    last = { config: s.config, choice: s.datasetChoice, backend: s.backendPreference, hash: serializeHash(hashStateOf(s)) };
    return last.hash;
  };

  const unsubscribe = store.subscribe(
    hashOf,
    (hash) => {
      pending = hash;
      if (delayMs <= 0) write();
      else {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(write, delayMs);
      }
    },
  );

  const onHashChange = () => {
    const state = store.getState();
    const hash = win.location.hash.replace(/^#/, '');
    if (hash === hashOf(state)) return;
    const parsed = parseHash(hash);
    const patch = diffConfig(state.config, parsed.config);
    if (!isEmptyPatch(patch)) state.patchConfig(patch);
    if (parsed.preset !== state.datasetChoice) state.choosePreset(parsed.preset);
    if (parsed.backend !== state.backendPreference) state.setBackendPreference(parsed.backend);
    if (parsed.ignored.length > 0) state.addNotice({ kind: 'warning', code: 'link', message: ignoredNotice(parsed.ignored) });
  };
  win.addEventListener('hashchange', onHashChange);

  return {
    flush: write,
    dispose() {
      unsubscribe();
      win.removeEventListener('hashchange', onHashChange);
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
