/**
 * `window.__simclr`: a small typed API so browser tests drive the app instead
 * of racing it (wait for a step count, not for a timeout).
 */
import type { ConfigPatch, TrainConfig } from '../core/config';
import type { AblationPlan, AblationRow, BackendName, FeatureScore, FromWorker, MapMethod, RunState, ToWorker, WorkerMemory } from '../worker/protocol';
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
  /** The latest evaluation, or null. */
  evaluation: EvaluationSummary | null;
  /** Evaluations received so far. */
  evaluationCount: number;
  evaluationPending: boolean;
  /** Points of the latest map, or null. */
  mapPoints: number | null;
  mapCount: number;
  /** The picked image and how many neighbours are shown for it. */
  selectedImage: number | null;
  neighbourCount: number;
  ablation: { running: boolean; done: number; total: number; current: string | null; rows: number };
  /** Steps done in the run saved in this browser (null: none saved by this page yet). */
  savedStep: number | null;
  /** A saved run or a run file is being restored. */
  restoring: 'saved' | 'file' | null;
  /** What became of the last run file chosen, or null. */
  runFile: { kind: string; message: string } | null;
}

/** Scores of one evaluation, as plain numbers. */
export interface EvaluationSummary {
  step: number;
  h: FeatureScore;
  z: FeatureScore;
  baseline: { h: FeatureScore; z: FeatureScore };
  tested: number;
  classes: number;
  /** 1 / classes. */
  chance: number;
}

export interface MapSummary {
  step: number;
  method: MapMethod;
  space: 'h' | 'z';
  count: number;
  /** The first few points, [x, y] each, to check they are finite. */
  sample: [number, number][];
}

export interface NeighboursSummary {
  index: number;
  neighbours: number[];
  scores: number[];
}

export interface SimclrTestApi {
  state(): SimclrTestState;
  play(): void;
  pause(): void;
  /** Runs `n` steps; resolves with the step count once they ran and the loop stopped. */
  step(n?: number): Promise<number>;
  /** Resolves once the worker is ready and its dataset loaded (and a saved run restored, when one is). */
  whenReady(timeoutMs?: number): Promise<SimclrTestState>;
  /** Resolves once the step count reaches `step`. */
  waitForStep(step: number, timeoutMs?: number): Promise<number>;
  setConfig(patch: ConfigPatch): void;
  reset(): void;
  /** Fault injection in the worker: a NaN batch, or a really lost GPU device. */
  injectFault(fault: 'nan-batch' | 'lose-device'): void;
  /** Sends requestEvaluation; resolves with the next evaluation (rejects on an error such as 'no-labels'). */
  evaluate(timeoutMs?: number): Promise<EvaluationSummary>;
  /** Asks for a map (method and space default to the panel's); resolves with the next map. */
  map(view?: { method?: MapMethod; space?: 'h' | 'z' }, timeoutMs?: number): Promise<MapSummary>;
  /** Picks image `index`; resolves with its neighbours. */
  neighbours(index: number, k?: number, timeoutMs?: number): Promise<NeighboursSummary>;
  /** Runs an ablation queue (the plan patched onto the panel's); resolves with its rows when progress reaches done === total, or when cancelled. */
  runAblation(plan?: Partial<AblationPlan>, timeoutMs?: number): Promise<AblationRow[]>;
  /** Every step's loss on the page's chart history, as [steps done, loss], oldest first. */
  losses(): [number, number][];
  /** Resolves once the run saved in this browser holds at least `step` steps. */
  waitForSaved(step: number, timeoutMs?: number): Promise<number>;
  /** "New run": deletes the saved run; resolves once the fresh run's dataset is loaded. */
  newRun(timeoutMs?: number): Promise<SimclrTestState>;
  /** The worker's tfjs memory sent with its latest metrics batch, with that batch's last step; null before one came. */
  workerMemory(): WorkerMemorySample | null;
  /** How the page paces its live views (ui/display/displayPace.ts): whether the display counts as slow, and its median frame time in ms (null before one was timed). */
  display(): DisplaySummary;
}

export interface DisplaySummary {
  slow: boolean;
  frameMs: number | null;
}

/** WorkerMemory (worker/memoryStats.ts) and the step count it was taken at. */
export type WorkerMemorySample = WorkerMemory & { step: number };

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
    evaluation: s.evaluation ? summariseEvaluation(s.evaluation) : null,
    evaluationCount: s.evaluationCount,
    evaluationPending: s.evaluationPending,
    mapPoints: s.map ? s.map.indices.length : null,
    mapCount: s.mapCount,
    selectedImage: s.selectedImage,
    neighbourCount: s.neighbours?.neighbours.length ?? 0,
    ablation: {
      running: s.ablationRunning,
      done: s.ablationProgress?.done ?? 0,
      total: s.ablationProgress?.total ?? 0,
      current: s.ablationProgress?.current ?? null,
      rows: s.ablationRows.length,
    },
    savedStep: s.savedStep,
    restoring: s.restoring,
    runFile: s.runFileStatus ? { kind: s.runFileStatus.kind, message: s.runFileStatus.message } : null,
  };
}

function summariseEvaluation(e: NonNullable<AppState['evaluation']>): EvaluationSummary {
  const classes = e.classNames.length;
  return { step: e.step, h: e.h, z: e.z, baseline: e.baseline, tested: e.tested, classes, chance: classes > 0 ? 1 / classes : 0 };
}

function summariseMap(m: NonNullable<AppState['map']>): MapSummary {
  const sample: [number, number][] = [];
  for (let i = 0; i < Math.min(5, m.indices.length); i++) sample.push([m.points[2 * i]!, m.points[2 * i + 1]!]);
  return { step: m.step, method: m.method, space: m.space, count: m.indices.length, sample };
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
  /** The worker's messages (the page's client.subscribe); only workerMemory() needs it. */
  subscribe?: (listener: (message: FromWorker) => void) => () => void,
  /** The page's display pace; the state layer does not import the UI, so main.tsx hands it in. */
  display: () => DisplaySummary = () => ({ slow: false, frameMs: null }),
): SimclrTestApi {
  let memory: WorkerMemorySample | null = null;
  subscribe?.((message) => {
    const last = message.type === 'metrics' ? message.items[message.items.length - 1] : undefined;
    // The worker numbers steps from 0; the page counts steps done.
    if (message.type === 'metrics' && message.memory && last) memory = { ...message.memory, step: last.step + 1 };
  });
  return {
    workerMemory: () => memory,
    display,
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
        (s) => (s.ready && s.dataset && !s.datasetPending && s.restoring === null ? snapshot(s, hash()) : undefined),
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
    evaluate(timeoutMs = 120_000) {
      if (!store.getState().ready) return Promise.reject(new Error('evaluate: the worker is not ready; await whenReady() first'));
      const before = store.getState().evaluationCount;
      const done = waitFor(
        store,
        (s) => (s.evaluationCount > before && s.evaluation ? summariseEvaluation(s.evaluation) : undefined),
        'evaluate()',
        timeoutMs,
      );
      store.getState().requestEvaluation();
      return done;
    },
    map(view = {}, timeoutMs = 120_000) {
      if (!store.getState().ready) return Promise.reject(new Error('map: the worker is not ready; await whenReady() first'));
      const before = store.getState().mapCount;
      const done = waitFor(store, (s) => (s.mapCount > before && s.map ? summariseMap(s.map) : undefined), 'map()', timeoutMs);
      const s = store.getState();
      const method = view.method ?? s.mapMethod;
      const space = view.space ?? s.mapSpace;
      if (method !== s.mapMethod || space !== s.mapSpace) s.setMapView({ method, space });
      else s.requestMap();
      return done;
    },
    neighbours(index, k, timeoutMs = 60_000) {
      if (!store.getState().ready) return Promise.reject(new Error('neighbours: the worker is not ready; await whenReady() first'));
      const done = waitFor(
        store,
        (s) =>
          s.neighbours && s.neighbours.index === index && !s.neighboursPending
            ? { index, neighbours: [...s.neighbours.neighbours], scores: [...s.neighbours.scores] }
            : undefined,
        `neighbours(${index})`,
        timeoutMs,
      );
      if (k !== undefined) store.getState().setNeighboursK(k);
      if (store.getState().selectedImage === index) store.getState().refreshNeighbours();
      else store.getState().selectImage(index);
      return done;
    },
    losses: () => store.getState().metrics.history.map((m) => [m.step, m.loss] as [number, number]),
    waitForSaved(step, timeoutMs = 60_000) {
      return waitFor(store, (s) => (s.savedStep !== null && s.savedStep >= step ? s.savedStep : undefined), `waitForSaved(${step})`, timeoutMs);
    },
    newRun(timeoutMs = 120_000) {
      if (!store.getState().ready) return Promise.reject(new Error('newRun: the worker is not ready; await whenReady() first'));
      store.getState().newRun();
      return waitFor(
        store,
        (s) => (s.dataset && !s.datasetPending && s.step === 0 ? snapshot(s, hash()) : undefined),
        'newRun()',
        timeoutMs,
      );
    },
    async runAblation(plan = {}, timeoutMs = 600_000) {
      const s = store.getState();
      if (!s.ready) throw new Error('runAblation: the worker is not ready; await whenReady() first');
      if (s.ablationRunning) throw new Error('runAblation: a queue is already running');
      const full = { ...s.ablationPlan, ...plan };
      s.runAblation(full);
      if (!store.getState().ablationRunning) throw new Error('runAblation: the plan was not sent (check its steps, count and seeds)');
      const outcome = await waitFor(
        store,
        (st) => {
          const p = st.ablationProgress;
          if (p && (p.cancelled || p.done >= p.total)) return { progress: p };
          // Refused before it started: the running flag dropped with no progress.
          if (!st.ablationRunning && !p) return { progress: null };
          return undefined;
        },
        'runAblation()',
        timeoutMs,
      );
      const progress = outcome.progress;
      if (!progress) throw new Error('runAblation: the worker refused the queue');
      // The last row may follow the last progress message: give it a moment.
      const want = progress.cancelled ? 0 : progress.total;
      return waitFor(store, (st) => (st.ablationRows.length >= want ? st.ablationRows : undefined), 'runAblation() rows', 5000).catch(
        () => store.getState().ablationRows,
      );
    },
  };
}
