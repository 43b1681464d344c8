/**
 * The run in the URL hash, so a link replays it: `#preset=mnist&seed=7&augment.blur.enabled=false`.
 *
 * Only what differs from `PLAYGROUND_DEFAULT` is written, one dotted config path
 * per key, so links stay short and readable and survive new settings being added.
 * Reading is forgiving: an unknown key, a value of the wrong type or one that
 * `validateConfig` refuses is dropped (the default stays) and reported in a sentence.
 */
import { mergeConfig, validateConfig, type TrainConfig } from '../core/config';
import type { BackendPreference, PresetName } from '../worker/protocol';
import { flattenLeaves, leafAt, patchFromLeaves, type Leaf } from './configPaths';
import { PLAYGROUND_DEFAULT } from './pagePresets';

export interface HashState {
  config: TrainConfig;
  /** The built-in dataset; undefined for the user's own images (which a link cannot carry). */
  preset: PresetName | undefined;
  backend: BackendPreference;
}

export interface ParsedHash {
  config: TrainConfig;
  preset: PresetName;
  backend: BackendPreference;
  /** One sentence per setting of the link that was not used. */
  ignored: string[];
}

export const PRESET_NAMES: readonly PresetName[] = ['shapes', 'mnist', 'fashion-mnist'];
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const DEFAULT_PRESET: PresetName = 'shapes';
const DEFAULT_BACKEND: BackendPreference = 'auto';

/** The hash (without '#') for `state`; empty when everything is at its default. */
export function serializeHash(state: HashState, base: TrainConfig = PLAYGROUND_DEFAULT): string {
  const params = new URLSearchParams();
  if (state.preset && state.preset !== DEFAULT_PRESET) params.set('preset', state.preset);
  if (state.backend !== DEFAULT_BACKEND) params.set('backend', state.backend);
  for (const [path, leaf] of flattenLeaves(state.config)) {
    if (leafAt(base, path) !== leaf) params.set(path, String(leaf));
  }
  return params.toString();
}

function parseLeaf(raw: string, like: Leaf): Leaf | undefined {
  if (typeof like === 'number') {
    const n = raw.trim() === '' ? NaN : Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof like === 'boolean') {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    return undefined;
  }
  return raw;
}

/** Reads a hash (with or without '#'); never throws. */
export function parseHash(hash: string, base: TrainConfig = PLAYGROUND_DEFAULT): ParsedHash {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const ignored: string[] = [];
  let preset = DEFAULT_PRESET;
  let backend = DEFAULT_BACKEND;
  const leaves = new Map<string, Leaf>();

  for (const [key, raw] of params) {
    if (key === 'preset') {
      if ((PRESET_NAMES as readonly string[]).includes(raw)) preset = raw as PresetName;
      else ignored.push(`preset "${raw}" is not one of ${PRESET_NAMES.join(', ')}`);
      continue;
    }
    if (key === 'backend') {
      if ((BACKEND_PREFERENCES as readonly string[]).includes(raw)) backend = raw as BackendPreference;
      else ignored.push(`backend "${raw}" is not one of ${BACKEND_PREFERENCES.join(', ')}`);
      continue;
    }
    const like = leafAt(base, key);
    if (like === undefined) {
      ignored.push(`"${key}" is not a setting`);
      continue;
    }
    const leaf = parseLeaf(raw, like);
    if (leaf === undefined) {
      ignored.push(`${key} must be ${typeof like === 'number' ? 'a number' : 'true or false'}, got "${raw}"`);
      continue;
    }
    leaves.set(key, leaf);
  }

  // Drop fields validateConfig refuses, a few rounds (dropping one may fix an ordering issue).
  let config = mergeConfig(base, patchFromLeaves(leaves));
  for (let round = 0; round < 4; round++) {
    const issues = validateConfig(config).filter((issue) => leaves.has(issue.field));
    if (issues.length === 0) break;
    for (const issue of issues) {
      leaves.delete(issue.field);
      ignored.push(issue.message);
    }
    config = mergeConfig(base, patchFromLeaves(leaves));
  }
  if (validateConfig(config).length > 0) {
    ignored.push('the settings of the link do not fit together, so the defaults are used');
    config = mergeConfig(base, {});
  }
  return { config, preset, backend, ignored };
}
