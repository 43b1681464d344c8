/** The neighbours slice: the image the user picked and its nearest images in h. */
import type { NeighboursSlice, SliceCreator, StoreDeps } from '../types';

export const DEFAULT_NEIGHBOURS_K = 8;

export const createNeighboursSlice = (deps: StoreDeps): SliceCreator<NeighboursSlice> => (set, get) => ({
  selectedImage: null,
  neighboursK: DEFAULT_NEIGHBOURS_K,
  neighbours: null,
  neighboursPending: false,

  selectImage(index) {
    const count = get().dataset?.count ?? 0;
    if (index === null || !Number.isInteger(index) || index < 0 || index >= count) {
      set({ selectedImage: null, neighbours: null, neighboursPending: false });
      return;
    }
    set({ selectedImage: index });
    get().refreshNeighbours();
  },

  setNeighboursK(k) {
    const n = Math.max(1, Math.min(64, Math.floor(k)));
    if (n === get().neighboursK) return;
    set({ neighboursK: n });
    get().refreshNeighbours();
  },

  refreshNeighbours() {
    const index = get().selectedImage;
    if (index === null || !get().ready) return;
    set({ neighboursPending: true });
    deps.port.send({ type: 'requestNeighbours', index, k: get().neighboursK });
  },

  onNeighbours(message) {
    const { type: _type, ...result } = message;
    // An answer for an image picked before the latest pick is still shown, but does not end the wait.
    set((s) => ({ neighbours: result, neighboursPending: s.neighboursPending && result.index !== s.selectedImage }));
  },

  clearNeighbours() {
    set({ selectedImage: null, neighbours: null, neighboursPending: false });
  },
});
