/**
 * The config slice: the settings as the user left them, validated locally,
 * sent to the worker as a diff against what it last got, debounced so a slider
 * drag sends one message. A config with problems stays in the panels (nothing the
 * user did is lost) but is not sent until it is fixed.
 */
import { mergeConfig, validateConfig, type TrainConfig } from '../../core/config';
import { diffConfig, flattenLeaves, isEmptyPatch } from '../configPaths';
import { augmentPreset, PLAYGROUND_DEFAULT } from '../pagePresets';
import type { ConfigSlice, SliceCreator, StoreDeps } from '../types';

/** Paths whose change alters what a preview shows. */
function touchesPreview(paths: string[]): boolean {
  return paths.some((p) => p.startsWith('augment.') || p === 'imageSize' || p === 'channels' || p === 'seed');
}

export const createConfigSlice = (deps: StoreDeps, initial: TrainConfig = PLAYGROUND_DEFAULT): SliceCreator<ConfigSlice> => (set, get) => {
  let timer: ReturnType<typeof setTimeout> | undefined;

  const scheduleFlush = () => {
    if (deps.configDebounceMs <= 0) {
      get().flushConfig();
      return;
    }
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      get().flushConfig();
    }, deps.configDebounceMs);
  };

  const setConfig = (config: TrainConfig) => {
    set({ config, configIssues: validateConfig(config), workerFieldErrors: [] });
    scheduleFlush();
  };

  return {
    config: initial,
    sentConfig: null,
    appliedConfig: null,
    configIssues: validateConfig(initial),
    workerFieldErrors: [],
    backendPreference: 'auto',
    startedBackendPreference: null,

    patchConfig(patch) {
      setConfig(mergeConfig(get().config, patch));
    },

    applyAugmentPreset(name) {
      setConfig({ ...get().config, augment: structuredClone(augmentPreset(name).augment) });
    },

    setSeed(seed) {
      const config = { ...get().config, seed };
      set({ config, configIssues: validateConfig(config) });
      if (!get().ready || validateConfig(config).length > 0) return;
      set({ resetRequested: true });
      deps.port.send({ type: 'reset', seed });
      set({ sentConfig: { ...(get().sentConfig ?? config), seed } });
      get().requestPreview(false);
    },

    setBackendPreference(preference) {
      set({ backendPreference: preference });
    },

    flushConfig() {
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      const { config, sentConfig, ready, configIssues } = get();
      if (!ready || !sentConfig || configIssues.length > 0) return;
      const patch = diffConfig(sentConfig, config);
      if (isEmptyPatch(patch)) return;
      deps.port.send({ type: 'setConfig', patch });
      set({ sentConfig: config });
      if (touchesPreview(flattenLeaves(patch).map(([path]) => path))) get().requestPreview(false);
    },

    onConfigApplied(config) {
      set({ appliedConfig: config });
    },
  };
};
