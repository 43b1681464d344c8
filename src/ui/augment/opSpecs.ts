/** What the Augment panel shows for each op of AUGMENT_OP_NAMES: its name, a line of text, its parameters. */
import type { AugmentOpName } from '../../core/config';

export interface ParamSpec {
  key: string;
  label: string;
  min: number;
  max: number;
  step: number;
  kind?: 'number' | 'boolean';
}

export interface OpSpec {
  label: string;
  description: string;
  /** The op has a probability p. */
  hasP: boolean;
  params: ParamSpec[];
}

const range = (key: string, label: string, min: number, max: number, step: number): ParamSpec => ({ key, label, min, max, step });

export const OP_SPECS: Record<AugmentOpName, OpSpec> = {
  crop: {
    label: 'Random resized crop',
    description: 'Cut out a random box (8–100% of the area) and scale it back up.',
    hasP: false,
    params: [
      range('areaMin', 'Smallest area', 0.01, 1, 0.01),
      range('areaMax', 'Largest area', 0.01, 1, 0.01),
      range('ratioMin', 'Narrowest aspect', 0.1, 2, 0.01),
      range('ratioMax', 'Widest aspect', 0.5, 10, 0.01),
    ],
  },
  flip: { label: 'Horizontal flip', description: 'Mirror left to right.', hasP: true, params: [] },
  colorJitter: {
    label: 'Colour jitter',
    description: 'Random brightness, contrast, saturation and hue, scaled by the strength s.',
    hasP: true,
    params: [
      range('brightness', 'Brightness (× s)', 0, 2, 0.05),
      range('contrast', 'Contrast (× s)', 0, 2, 0.05),
      range('saturation', 'Saturation (× s)', 0, 2, 0.05),
      range('hue', 'Hue (× s, turns)', 0, 0.5, 0.01),
      { key: 'randomOrder', label: 'Random order', min: 0, max: 1, step: 1, kind: 'boolean' },
    ],
  },
  colorDrop: { label: 'Grayscale', description: 'Drop the colour (luma into all channels).', hasP: true, params: [] },
  blur: {
    label: 'Gaussian blur',
    description: 'Blur with a random σ; the kernel is 10% of the image side.',
    hasP: true,
    params: [
      range('sigmaMin', 'Smallest σ', 0.01, 10, 0.05),
      range('sigmaMax', 'Largest σ', 0.01, 10, 0.05),
      range('kernelFraction', 'Kernel (fraction of side)', 0.01, 0.5, 0.01),
    ],
  },
  rotate: { label: 'Rotation', description: 'Turn by 90°, 180° or 270°.', hasP: true, params: [] },
  cutout: {
    label: 'Cutout',
    description: 'Erase one random square.',
    hasP: true,
    params: [
      range('sizeMin', 'Smallest side', 0.01, 1, 0.01),
      range('sizeMax', 'Largest side', 0.01, 1, 0.01),
      range('fill', 'Fill value', 0, 1, 0.05),
    ],
  },
  noise: {
    label: 'Gaussian noise',
    description: 'Add random noise to every pixel.',
    hasP: true,
    params: [range('stdMin', 'Smallest std', 0, 1, 0.01), range('stdMax', 'Largest std', 0, 1, 0.01)],
  },
  sobel: { label: 'Sobel filter', description: 'Keep only the edges.', hasP: true, params: [] },
};
