/**
 * The combined store: the typed slices plus the message receiver, with the
 * only middleware (subscribeWithSelector) applied here, on the whole.
 */
import { createStore, type Mutate, type StoreApi } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import type { TrainConfig } from '../core/config';
import type { BackendPreference, PresetName } from '../worker/protocol';
import { PLAYGROUND_DEFAULT } from './pagePresets';
import { createAblationSlice } from './slices/ablation';
import { createConfigSlice } from './slices/config';
import { createDatasetSlice } from './slices/dataset';
import { createEvaluationSlice } from './slices/evaluation';
import { createExportSlice } from './slices/exports';
import { createMapSlice } from './slices/map';
import { createMetricsSlice } from './slices/metrics';
import { createNeighboursSlice } from './slices/neighbours';
import { createPersistenceSlice } from './slices/persistence';
import { createReceiveSlice } from './slices/receive';
import { createRunSlice } from './slices/run';
import type { AppState, StoreDeps } from './types';

export interface InitialState {
  config?: TrainConfig;
  preset?: PresetName;
  backend?: BackendPreference;
}

/** The store with subscribeWithSelector's `subscribe(selector, listener)`. */
export type AppStore = Mutate<StoreApi<AppState>, [['zustand/subscribeWithSelector', never]]>;

export function createPlaygroundStore(deps: StoreDeps, initial: InitialState = {}): AppStore {
  const store = createStore<AppState>()(
    subscribeWithSelector((...a) => ({
      ...createDatasetSlice(deps)(...a),
      ...createConfigSlice(deps, initial.config ?? PLAYGROUND_DEFAULT)(...a),
      ...createRunSlice(deps)(...a),
      ...createMetricsSlice(deps)(...a),
      ...createEvaluationSlice(deps)(...a),
      ...createNeighboursSlice(deps)(...a),
      ...createMapSlice(deps)(...a),
      ...createAblationSlice(deps)(...a),
      ...createExportSlice(deps)(...a),
      ...createPersistenceSlice(deps)(...a),
      ...createReceiveSlice()(...a),
    })),
  );
  store.setState({
    datasetChoice: initial.preset ?? 'shapes',
    backendPreference: initial.backend ?? 'auto',
  });
  return store;
}
