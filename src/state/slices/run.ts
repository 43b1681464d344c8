/** The run slice: the worker's readiness and backend, play / pause / step / reset, notices. */
import type { RunSlice, SliceCreator, StoreDeps } from '../types';

/** Most notices kept; the oldest go first. */
const NOTICE_LIMIT = 8;
let nextNoticeId = 1;

export const createRunSlice = (deps: StoreDeps): SliceCreator<RunSlice> => (set, get) => ({
  ready: null,
  runState: 'idle',
  starting: false,
  resetRequested: false,
  notices: [],

  start() {
    if (get().starting || get().ready) return;
    const { config, backendPreference } = get();
    set({ starting: true, startedBackendPreference: backendPreference });
    deps.port.send({ type: 'init', config, backend: backendPreference });
  },

  play() {
    if (!get().ready) return;
    get().flushConfig();
    deps.port.send({ type: 'play' });
  },

  pause() {
    if (!get().ready) return;
    deps.port.send({ type: 'pause' });
  },

  stepBy(count) {
    if (!get().ready) return;
    const n = Math.max(1, Math.floor(count));
    get().flushConfig();
    deps.port.send({ type: 'step', count: n });
  },

  reset() {
    if (!get().ready) return;
    get().flushConfig();
    set({ resetRequested: true });
    deps.port.send({ type: 'reset' });
  },

  addNotice(notice) {
    set((s) => {
      const same = s.notices.find((n) => n.code === notice.code && n.message === notice.message);
      if (same) return { notices: s.notices.map((n) => (n === same ? { ...n, count: n.count + 1 } : n)) };
      const notices = [...s.notices, { ...notice, id: nextNoticeId++, count: 1 }];
      return { notices: notices.slice(Math.max(0, notices.length - NOTICE_LIMIT)) };
    });
  },

  dismissNotice(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },

  onReady(message) {
    const first = get().ready === null;
    set({ ready: message, starting: false, sentConfig: message.config, appliedConfig: message.config });
    // Edits made while the worker started.
    get().flushConfig();
    // A later `ready` follows a backend switch (device lost): the worker reloaded the data itself.
    // The first offers the run saved in this browser; when it is not restored, the page's dataset loads.
    if (first && !get().offerSavedRun(message.savedRun)) get().sendDataset();
  },

  onRunState(state, step) {
    set({ runState: state, step });
  },
});
