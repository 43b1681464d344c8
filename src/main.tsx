/**
 * The page's entry: one worker client, one store (restored from the URL hash),
 * URL sync, the `window.__simclr` test API, then React.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getTrainingClient } from './worker/client';
import { createPlaygroundStore } from './state/store';
import { StoreProvider } from './state/context';
import { parseHash } from './state/urlHash';
import { ignoredNotice, installUrlSync } from './state/urlSync';
import { createTestApi } from './state/testApi';
import { App } from './ui/App';
import { displayPace } from './ui/display/displayPace';
import { applyTheme, storedTheme } from './ui/theme';
import './ui/styles.css';

applyTheme(storedTheme());

const client = getTrainingClient();
const restored = parseHash(window.location.hash);
const store = createPlaygroundStore(
  { port: client, now: () => performance.now(), configDebounceMs: 200 },
  { config: restored.config, preset: restored.preset, backend: restored.backend },
);
client.subscribe((message) => store.getState().receive(message));
if (restored.ignored.length > 0) {
  store.getState().addNotice({ kind: 'warning', code: 'link', message: ignoredNotice(restored.ignored) });
}
installUrlSync(store, window);
window.__simclr = createTestApi(
  store,
  () => window.location.hash.replace(/^#/, ''),
  (message) => client.send(message),
  (listener) => client.subscribe(listener),
  () => ({ slow: displayPace.slow, frameMs: Number.isFinite(displayPace.frameMs) ? displayPace.frameMs : null }),
);
store.getState().start();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
