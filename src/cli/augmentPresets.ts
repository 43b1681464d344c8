/**
 * Named augmentation policies for the command line, named as `npm run
 * reproduce` reports its settings (`crop`, `crop+colour`). The page's presets
 * (src/state/pagePresets.ts) cover the same policies under its own names, plus
 * "Small images" (`SMALL_IMAGE_AUGMENT`), whose parameters reproduce applies to
 * every setting.
 */
import { CIFAR_PRESET, PAPER_AUGMENT, type AugmentConfig } from '../core/config';

const off = (a: AugmentConfig): AugmentConfig => ({
  crop: { ...a.crop, enabled: false },
  flip: { ...a.flip, enabled: false },
  colorJitter: { ...a.colorJitter, enabled: false },
  colorDrop: { ...a.colorDrop, enabled: false },
  blur: { ...a.blur, enabled: false },
  rotate: { ...a.rotate, enabled: false },
  cutout: { ...a.cutout, enabled: false },
  noise: { ...a.noise, enabled: false },
  sobel: { ...a.sobel, enabled: false },
});

export const AUGMENT_PRESETS: Record<string, AugmentConfig> = {
  paper: PAPER_AUGMENT,
  cifar: CIFAR_PRESET.augment,
  crop: { ...off(PAPER_AUGMENT), crop: PAPER_AUGMENT.crop, flip: PAPER_AUGMENT.flip },
  'crop+colour': {
    ...off(PAPER_AUGMENT), crop: PAPER_AUGMENT.crop, flip: PAPER_AUGMENT.flip,
    colorJitter: PAPER_AUGMENT.colorJitter, colorDrop: PAPER_AUGMENT.colorDrop,
  },
  none: off(PAPER_AUGMENT),
};
