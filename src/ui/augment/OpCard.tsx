/** One augmentation op: on/off, its probability and (behind a disclosure) its parameters. */
import type { AugmentConfig, AugmentOpName, ConfigPatch } from '../../core/config';
import { leafAt } from '../../state/configPaths';
import { useApp, useAppStore } from '../../state/context';
import { NumberField } from '../components/NumberField';
import { SwitchField } from '../components/SwitchField';
import { OP_SPECS } from './opSpecs';

function patchOp(op: AugmentOpName, key: string, value: number | boolean): ConfigPatch {
  return { augment: { [op]: { [key]: value } } } as ConfigPatch;
}

export function OpCard({ op }: { op: AugmentOpName }) {
  const store = useAppStore();
  const settings: AugmentConfig[AugmentOpName] = useApp((s) => s.config.augment[op]);
  const spec = OP_SPECS[op];
  const set = (key: string, value: number | boolean) => store.getState().patchConfig(patchOp(op, key, value));
  const p = 'p' in settings ? settings.p : undefined;

  return (
    <div className={`op-card${settings.enabled ? ' on' : ''}`} data-testid={`op-${op}`}>
      <SwitchField
        label={spec.label}
        checked={settings.enabled}
        description={spec.description}
        testId={`op-${op}-enabled`}
        onChange={(on) => set('enabled', on)}
      />
      <p className="op-description">{spec.description}</p>
      {settings.enabled && spec.hasP && p !== undefined && (
        <NumberField
          label="Probability"
          value={p}
          min={0}
          max={1}
          step={0.05}
          field={`augment.${op}.p`}
          testId={`op-${op}-p`}
          onChange={(v) => set('p', v)}
        />
      )}
      {settings.enabled && spec.params.length > 0 && (
        <details className="op-params">
          <summary>Parameters</summary>
          {spec.params.map((param) => {
            const value = leafAt(settings, param.key);
            if (param.kind === 'boolean') {
              return (
                <SwitchField
                  key={param.key}
                  label={param.label}
                  checked={value === true}
                  testId={`op-${op}-${param.key}`}
                  onChange={(on) => set(param.key, on)}
                />
              );
            }
            return (
              <NumberField
                key={param.key}
                label={param.label}
                value={typeof value === 'number' ? value : 0}
                min={param.min}
                max={param.max}
                step={param.step}
                field={`augment.${op}.${param.key}`}
                testId={`op-${op}-${param.key}`}
                onChange={(v) => set(param.key, v)}
              />
            );
          })}
        </details>
      )}
    </div>
  );
}
