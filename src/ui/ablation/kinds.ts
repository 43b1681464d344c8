/** The ablations and studies as the form offers them. */
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
  {
    value: 'loss',
    label: 'Loss functions (Table 4)',
    description: 'NT-Xent against NT-Logistic and the margin triplet loss, the last two also with semi-hard negative mining; temperature and margin as set in the Model panel.',
  },
  {
    value: 'batch-size',
    label: 'Batch size and training length (Figure 9)',
    description: 'N = 8, 16, … up to the largest the backend holds, each trained for a quarter, half and all of the steps; accuracy plotted against steps.',
  },
  {
    value: 'finetune',
    label: 'Fine-tuning with few labels (Table 7)',
    description: 'SimCLR pre-training without labels, then the encoder plus a classifier trained on 1% and 10% of the labels, against the same network trained from scratch on them.',
  },
];

export function kindLabel(kind: AblationKind): string {
  return KINDS.find((k) => k.value === kind)?.label ?? kind;
}
