import { useApp, useAppStore } from '../../state/context';
import { NumberField } from '../components/NumberField';
import { SelectField } from '../components/SelectField';
import { SwitchField } from '../components/SwitchField';
import type { LossKind } from '../../core/config';
import { batchHint, LOSS_OPTIONS, lossDescription } from './modelText';

const BATCH_SIZES = [4, 8, 16, 32, 64, 128, 256] as const;
const IMAGE_SIZES = [32, 48, 64, 96] as const;

export function LossFields() {
  const store = useAppStore();
  const batchSize = useApp((s) => s.config.batchSize);
  const imageSize = useApp((s) => s.config.imageSize);
  const loss = useApp((s) => s.config.loss);
  const kind = loss.kind ?? 'nt-xent';
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
        hint={<span data-testid="batch-hint">{batchHint(batchSize, loss)}</span>}
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
      <SelectField<LossKind>
        label="Loss"
        value={kind}
        field="loss.kind"
        testId="loss-kind"
        hint={<span data-testid="loss-hint">{lossDescription(kind)}</span>}
        options={LOSS_OPTIONS}
        onChange={(k) => patch({ loss: { kind: k } })}
      />
      {kind !== 'margin-triplet' && (
        <NumberField
          label="Temperature τ"
          value={loss.temperature}
          min={0.01}
          max={2}
          scale="log"
          field="loss.temperature"
          testId="temperature"
          hint={kind === 'nt-xent'
            ? 'Paper: 0.1 (ImageNet), 0.5 (CIFAR). Lower τ sharpens the softmax (Table 5).'
            : 'Similarities are divided by τ before the logistic: lower τ makes each comparison more confident.'}
          onChange={(temperature) => patch({ loss: { temperature } })}
        />
      )}
      {kind !== 'nt-xent' && (
        <NumberField
          label="Margin m"
          value={loss.margin ?? 0.5}
          min={0.01}
          max={2}
          step={0.05}
          field="loss.margin"
          testId="loss-margin"
          hint={kind === 'margin-triplet'
            ? 'How much more similar each positive must be than each negative (cosine similarity runs from -1 to 1).'
            : 'Only used with semi-hard mining: the width of the window a negative must fall in.'}
          onChange={(margin) => patch({ loss: { margin } })}
        />
      )}
      {kind !== 'nt-xent' && (
        <SwitchField
          label="Semi-hard negatives only"
          checked={loss.semiHard ?? false}
          testId="loss-semi-hard"
          description={`Use only negatives a little less similar than the positive (within m of it); when an image has none, its single most similar negative. The paper's "sh" rows of Table 4: mining helps these losses, yet NT-Xent still wins.`}
          onChange={(semiHard) => patch({ loss: { semiHard } })}
        />
      )}
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
