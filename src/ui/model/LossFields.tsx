import { useApp, useAppStore } from '../../state/context';
import { NumberField } from '../components/NumberField';
import { SelectField } from '../components/SelectField';
import { SwitchField } from '../components/SwitchField';
import { batchHint } from './modelText';

const BATCH_SIZES = [4, 8, 16, 32, 64, 128, 256] as const;
const IMAGE_SIZES = [32, 48, 64, 96] as const;

export function LossFields() {
  const store = useAppStore();
  const batchSize = useApp((s) => s.config.batchSize);
  const imageSize = useApp((s) => s.config.imageSize);
  const loss = useApp((s) => s.config.loss);
  const patch = store.getState().patchConfig;
  const batchOptions = (BATCH_SIZES as readonly number[]).includes(batchSize) ? BATCH_SIZES : [...BATCH_SIZES, batchSize].sort((a, b) => a - b);
  const sizeOptions = (IMAGE_SIZES as readonly number[]).includes(imageSize) ? IMAGE_SIZES : [...IMAGE_SIZES, imageSize].sort((a, b) => a - b);
  return (
    <fieldset className="group">
      <legend>Batch and loss</legend>
      <SelectField
        label="Batch size N"
        value={batchSize}
        field="batchSize"
        testId="batch-size"
        hint={<span data-testid="batch-hint">{batchHint(batchSize)}</span>}
        options={batchOptions.map((n) => ({ value: n, label: String(n) }))}
        onChange={(n) => patch({ batchSize: n })}
      />
      <SelectField
        label="Image size"
        value={imageSize}
        field="imageSize"
        testId="image-size"
        options={sizeOptions.map((n) => ({ value: n, label: `${n} × ${n} px` }))}
        onChange={(n) => patch({ imageSize: n })}
      />
      <NumberField
        label="Temperature τ"
        value={loss.temperature}
        min={0.01}
        max={2}
        scale="log"
        field="loss.temperature"
        testId="temperature"
        hint="Paper: 0.1 (ImageNet), 0.5 (CIFAR). Lower τ sharpens the softmax (Table 5)."
        onChange={(temperature) => patch({ loss: { temperature } })}
      />
      <SwitchField
        label="ℓ2-normalise z (cosine similarity)"
        checked={loss.normalize}
        testId="normalize"
        description="Without it contrastive accuracy rises but the representation gets worse (Table 5)."
        onChange={(normalize) => patch({ loss: { normalize } })}
      />
    </fieldset>
  );
}
