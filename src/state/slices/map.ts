/** The map slice: a 2-D map (PCA or UMAP) of h or z, refreshed on request or every few evaluations. */
import type { MapSlice, SliceCreator, StoreDeps } from '../types';

/** Points the worker maps at most: a seeded sample beyond. */
export const MAP_MAX_POINTS = 1000;

export const createMapSlice = (deps: StoreDeps): SliceCreator<MapSlice> => (set, get) => ({
  mapMethod: 'pca',
  mapSpace: 'h',
  mapMaxPoints: MAP_MAX_POINTS,
  map: null,
  mapPending: false,
  mapCount: 0,
  mapAutoEvery: 0,
  evaluationsSinceMap: 0,

  setMapView(view) {
    const method = view.method ?? get().mapMethod;
    const space = view.space ?? get().mapSpace;
    if (method === get().mapMethod && space === get().mapSpace) return;
    set({ mapMethod: method, mapSpace: space });
    get().requestMap();
  },

  setMapAutoEvery(every) {
    set({ mapAutoEvery: Math.max(0, Math.floor(every)), evaluationsSinceMap: 0 });
  },

  requestMap() {
    if (!get().ready || !get().dataset) return;
    const { mapMethod: method, mapSpace: space, mapMaxPoints: maxPoints } = get();
    set({ mapPending: true, evaluationsSinceMap: 0 });
    deps.port.send({ type: 'requestMap', method, space, maxPoints });
  },

  onMap(message) {
    const { type: _type, ...result } = message;
    set((s) => ({ map: result, mapPending: false, mapCount: s.mapCount + 1 }));
  },

  noteEvaluationForMap() {
    const { mapAutoEvery, evaluationsSinceMap, mapPending } = get();
    if (mapAutoEvery <= 0) return;
    const since = evaluationsSinceMap + 1;
    if (since >= mapAutoEvery && !mapPending) get().requestMap();
    else set({ evaluationsSinceMap: since });
  },

  clearMap() {
    set({ map: null, mapPending: false, evaluationsSinceMap: 0 });
  },
});
