import { describe, expect, it } from 'vitest';
import { MAP_MAX_POINTS } from '../../../src/state/slices/map';
import { evaluationMessage, labelledDataset, mapMessage, neighboursMessage, readyStore } from './evalFakes';

describe('neighbours slice', () => {
  it('picks an image, asks for its k neighbours and keeps the answer', () => {
    const { store, port } = readyStore();
    store.getState().selectImage(3);
    expect(port.take()).toEqual([{ type: 'requestNeighbours', index: 3, k: 8 }]);
    expect(store.getState().neighboursPending).toBe(true);
    store.getState().receive(neighboursMessage(3, [5, 1, 7]));
    expect(store.getState().neighboursPending).toBe(false);
    expect(store.getState().neighbours).toMatchObject({ index: 3, step: 10 });
    expect([...store.getState().neighbours!.neighbours]).toEqual([5, 1, 7]);

    store.getState().setNeighboursK(4);
    expect(port.take()).toEqual([{ type: 'requestNeighbours', index: 3, k: 4 }]);
  });

  it('refuses indices outside the dataset (clears the pick)', () => {
    const { store, port } = readyStore(8);
    store.getState().selectImage(8);
    store.getState().selectImage(-1);
    expect(port.take()).toEqual([]);
    expect(store.getState().selectedImage).toBeNull();
  });

  it('a late answer for an earlier pick does not end the wait for the latest', () => {
    const { store } = readyStore();
    store.getState().selectImage(1);
    store.getState().selectImage(2);
    store.getState().receive(neighboursMessage(1, [4]));
    expect(store.getState().neighboursPending).toBe(true);
    store.getState().receive(neighboursMessage(2, [6]));
    expect(store.getState().neighboursPending).toBe(false);
  });
});

describe('map slice', () => {
  it('asks for a map of the chosen method and space, and again when either changes', () => {
    const { store, port } = readyStore();
    store.getState().requestMap();
    expect(port.take()).toEqual([{ type: 'requestMap', method: 'pca', space: 'h', maxPoints: MAP_MAX_POINTS }]);
    store.getState().receive(mapMessage(4));
    expect(store.getState().map?.indices.length).toBe(4);
    expect(store.getState().mapCount).toBe(1);
    expect(store.getState().mapPending).toBe(false);

    store.getState().setMapView({ method: 'umap' });
    store.getState().setMapView({ method: 'umap' }); // no change: nothing sent
    store.getState().setMapView({ space: 'z' });
    expect(port.take()).toEqual([
      { type: 'requestMap', method: 'umap', space: 'h', maxPoints: MAP_MAX_POINTS },
      { type: 'requestMap', method: 'umap', space: 'z', maxPoints: MAP_MAX_POINTS },
    ]);
  });

  it('refreshes every N evaluations when asked to', () => {
    const { store, port } = readyStore();
    store.getState().receive(evaluationMessage(100));
    expect(port.take()).toEqual([]); // off by default
    store.getState().setMapAutoEvery(2);
    store.getState().receive(evaluationMessage(200));
    expect(port.take()).toEqual([]);
    store.getState().receive(evaluationMessage(300));
    expect(port.take()).toEqual([{ type: 'requestMap', method: 'pca', space: 'h', maxPoints: MAP_MAX_POINTS }]);
    store.getState().receive(mapMessage());
    store.getState().receive(evaluationMessage(400));
    expect(port.take()).toEqual([]);
  });

  it('forgets the map and the pick when the dataset changes', () => {
    const { store } = readyStore();
    store.getState().receive(mapMessage());
    store.getState().selectImage(2);
    store.getState().receive(labelledDataset(20));
    expect(store.getState().map).toBeNull();
    expect(store.getState().selectedImage).toBeNull();
  });

  it('a "busy" answer ends every wait', () => {
    const { store } = readyStore();
    store.getState().requestMap();
    store.getState().requestEvaluation();
    store.getState().selectImage(1);
    store.getState().receive({ type: 'error', code: 'busy', message: 'An ablation is running; try again when it has finished.' });
    const s = store.getState();
    expect([s.mapPending, s.evaluationPending, s.neighboursPending]).toEqual([false, false, false]);
  });
});
