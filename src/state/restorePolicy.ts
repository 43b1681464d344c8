/**
 * Which wins on page load, the run saved in this browser or the settings in
 * the URL hash:
 *
 * - no settings in the hash (or only `backend=`): the saved run is restored;
 * - the hash holds exactly the saved run's settings and dataset (a reload: the
 *   page keeps the hash in step with the run): the saved run is restored;
 * - the hash holds other settings (a shared link): the link wins. Its run
 *   starts afresh and the saved run stays stored until the link's run trains
 *   and its first save replaces it.
 */
import type { TrainConfig } from '../core/config';
import type { SavedRunSummary } from '../worker/persist/runFile';
import type { PresetName } from '../worker/protocol';
import { leavesEqual } from './configPaths';
import { serializeHash } from './urlHash';

export interface RestoreDecision {
  restore: boolean;
  /** Why the saved run was not restored, for a notice. */
  notice?: string;
}

export function restoreDecision(saved: SavedRunSummary, page: { config: TrainConfig; preset: PresetName }): RestoreDecision {
  const linkHasSettings = serializeHash({ config: page.config, preset: page.preset, backend: 'auto' }) !== '';
  // A run on the user's own images has no preset in its hash.
  const samePreset = (saved.preset ?? 'shapes') === page.preset;
  if (!linkHasSettings || (samePreset && leavesEqual(saved.config, page.config))) return { restore: true };
  return {
    restore: false,
    notice: `This link's settings differ from the run saved in this browser (step ${saved.step}), so the link's run starts instead. `
      + 'The saved run is replaced once this one trains; to get it back, open the page without settings in its address before training.',
  };
}
