/**
 * `window.__simclr`: a small typed API so browser tests drive the app instead
 * of racing it (wait for a step count, not for a timeout).
 */
import type { ConfigPatch, TrainConfig } from '../core/config';
import type { BackendName, RunState, ToWorker } from '../worker/protocol';
import type { AppStore } from './store';
import type { AppState } from './types';

export interface SimclrTestState {
  step: number;
  /** The latest step's loss, or null before the first step. */
  loss: number | null;
  accuracy: number | null;
  /** The backend in use, or null before the worker is ready. */
  backend: BackendName | null;
  running: boolean;
  runState: RunState;
  ready: boolean;
  /** Images in the worker's dataset, or null before it is loaded. */
  datasetCount: number | null;
  /** Step of the latest similarity matrix drawn, or null. */
  similarityStep: number | null;
  similaritySize: number | null;
  previewCount: number;
  notices: { kind: string; code: string; message: string }[];
  config: TrainConfig;
  hash: string;
}

export interface SimclrTestApi {
  state(): SimclrTestState;
  play(): void;
  pause(): void;
  /** Runs `n` steps; resolves with the step count once they ran and the loop stopped. */
  step(n?: number): Promise<number>;
  /** Resolves once the worker is ready and its dataset loaded. */
  whenReady(timeoutMs?: number): Promise<SimclrTestState>;
  /** Resolves once the step count reaches `step`. */
  waitForStep(step: number, timeoutMs?: number): Promise<number>;
  setConfig(patch: ConfigPatch): void;
  reset(): void;
  /** Fault injection in the worker: a NaN batch, or a really lost GPU device. */
  injectFault(fault: 'nan-batch' | 'lose-device'): void;
}

declare global {
  interface Window {
    __simclr?: SimclrTestApi;
  }
}

export function snapshot(s: AppState, hash = ''): SimclrTestState {
  return {
    step: s.step,
    loss: s.latest?.loss ?? null,
    accuracy: s.latest?.accuracy ?? null,
    backend: s.ready?.backend ?? null,
    running: s.runState === 'running',
    runState: s.runState,
    ready: s.ready !== null,
    datasetCount: s.dataset?.count ?? null,
    similarityStep: s.similarity?.step ?? null,
    similaritySize: s.similarity?.size ?? null,
    previewCount: s.preview?.count ?? 0,
    notices: s.notices.map(({ kind, code, message }) => ({ kind, code, message })),
    config: s.config,
    hash,
  };
}

/** Resolves when `test` holds for the store's state; rejects on a new error notice or after `timeoutMs`. */
export function waitFor<T>(store: AppStore, test: (s: AppState) => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const errorsBefore = new Set(store.getState().notices.filter((n) => n.kind === 'error').map((n) => n.id));
    let done = false;
    let unsubscribe = () => {};
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      fn();
    };
    const check = (s: AppState) => {
      const error = s.notices.find((n) => n.kind === 'error' && !errorsBefore.has(n.id));
      if (error) return finish(() => reject(new Error(`${what}: ${error.message}`)));
      const value = test(s);
      if (value !== undefined) finish(() => resolve(value));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`${what}: timed out after ${timeoutMs} ms`))), timeoutMs);
    unsubscribe = store.subscribe(check);
    check(store.getState());
  });
}

export function createTestApi(
  store: AppStore,
  hash: () => string = () => '',
  send: (message: ToWorker) => void = () => {},
): SimclrTestApi {
  return {
    state: () => snapshot(store.getState(), hash()),
    play: () => store.getState().play(),
    pause: () => store.getState().pause(),
    step(n = 1) {
      if (!store.getState().ready) return Promise.reject(new Error('step: the worker is not ready; await whenReady() first'));
      const target = store.getState().step + Math.max(1, Math.floor(n));
      const done = waitFor(store, (s) => (s.step >= target && s.runState !== 'running' ? s.step : undefined), `step(${n})`);
      store.getState().stepBy(n);
      return done;
    },
    whenReady(timeoutMs = 120_000) {
      return waitFor(
        store,
        (s) => (s.ready && s.dataset && !s.datasetPending ? snapshot(s, hash()) : undefined),
        'whenReady',
        timeoutMs,
      );
    },
    waitForStep(step, timeoutMs = 60_000) {
      return waitFor(store, (s) => (s.step >= step ? s.step : undefined), `waitForStep(${step})`, timeoutMs);
    },
    setConfig(patch) {
      store.getState().patchConfig(patch);
      store.getState().flushConfig();
    },
    reset: () => store.getState().reset(),
    injectFault: (fault) => send({ type: 'injectFault', fault }),
  };
}
