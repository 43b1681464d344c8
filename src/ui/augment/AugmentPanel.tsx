/** The Augment panel: presets, colour strength s, one card per op, and the preview of both views. */
import { AUGMENT_OP_NAMES } from '../../core/config';
import { useApp, useAppStore } from '../../state/context';
import { AUGMENT_PRESETS, matchAugmentPreset } from '../../state/pagePresets';
import { Explain } from '../components/Explain';
import { NumberField } from '../components/NumberField';
import { Panel } from '../components/Panel';
import { OpCard } from './OpCard';
import { PreviewGallery } from './PreviewGallery';

export function AugmentPanel() {
  const store = useAppStore();
  const augment = useApp((s) => s.config.augment);
  const active = matchAugmentPreset(augment);

  return (
    <Panel title="Augmentations" testId="augment-panel" explain="augment">
      <div className="preset-row" role="group" aria-label="Augmentation presets">
        {AUGMENT_PRESETS.map((p) => (
          <button
            key={p.name}
            type="button"
            className={`button small${active === p.name ? ' selected' : ''}`}
            aria-pressed={active === p.name}
            title={p.description}
            data-testid={`augment-preset-${p.name}`}
            onClick={() => store.getState().applyAugmentPreset(p.name)}
          >
            {p.label}
          </button>
        ))}
        {!active && <span className="field-hint" data-testid="augment-custom">custom mix</span>}
      </div>
      <NumberField
        label="Colour strength s"
        value={augment.colorJitter.strength}
        min={0}
        max={2}
        step={0.05}
        field="augment.colorJitter.strength"
        testId="colour-strength"
        disabled={!augment.colorJitter.enabled}
        hint="Paper: 1.0 for ImageNet, 0.5 for CIFAR. Stronger helps contrastive learning (Table 1)."
        onChange={(v) => store.getState().patchConfig({ augment: { colorJitter: { strength: v } } })}
      />
      <h3 className="subhead">Two views of each image</h3>
      <Explain topic="preview" />
      <PreviewGallery />
      <h3 className="subhead">Operations</h3>
      <div className="op-list">
        {AUGMENT_OP_NAMES.map((op) => (
          <OpCard key={op} op={op} />
        ))}
      </div>
    </Panel>
  );
}
