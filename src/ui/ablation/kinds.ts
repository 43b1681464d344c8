/** The four ablations as the form offers them. */
import type { AblationKind } from '../../worker/protocol';

export const KINDS: { value: AblationKind; label: string; description: string }[] = [
  {
    value: 'augment-pairs',
    label: 'Pairs of augmentations (Figure 5)',
    description: 'Crop is always on; each run adds one or two of colour jitter, colour drop, blur, rotation, cutout, noise and Sobel.',
  },
  {
    value: 'colour-strength',
    label: 'Colour strength (Table 1)',
    description: 'Colour distortion at strength s = 1/8, 1/4, 1/2, 1, and 1 with blur.',
  },
  { value: 'temperature', label: 'Temperature (Table 5)', description: 'The loss at τ = 0.05, 0.1, 0.5 and 1.0.' },
  { value: 'head', label: 'Projection head (Figure 8)', description: 'No head, a linear head and an MLP head, each scored on h and on z.' },
];

export function kindLabel(kind: AblationKind): string {
  return KINDS.find((k) => k.value === kind)?.label ?? kind;
}
