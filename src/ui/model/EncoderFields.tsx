import { useApp, useAppStore } from '../../state/context';
import { NumberField } from '../components/NumberField';
import { SelectField } from '../components/SelectField';

export function EncoderFields() {
  const store = useAppStore();
  const encoder = useApp((s) => s.config.encoder);
  const head = useApp((s) => s.config.head);
  const patch = store.getState().patchConfig;
  return (
    <fieldset className="group">
      <legend>Encoder f and projection head g</legend>
      <SelectField
        label="Encoder"
        value={encoder.kind}
        field="encoder.kind"
        testId="encoder-kind"
        options={[
          { value: 'bench-cnn', label: 'Small ConvNet (fast)' },
          { value: 'resnet', label: 'ResNet, CIFAR stem (paper)' },
        ]}
        onChange={(kind) => patch({ encoder: { kind } })}
      />
      <NumberField
        label="Width (channels of the first stage)"
        value={encoder.width}
        min={4}
        max={64}
        step={4}
        field="encoder.width"
        testId="encoder-width"
        onChange={(width) => patch({ encoder: { width: Math.round(width) } })}
      />
      {encoder.kind === 'resnet' && (
        <SelectField
          label="ResNet depth"
          value={encoder.depth}
          field="encoder.depth"
          testId="encoder-depth"
          options={[
            { value: 10, label: 'ResNet-10' },
            { value: 18, label: 'ResNet-18' },
            { value: 34, label: 'ResNet-34' },
          ]}
          onChange={(depth) => patch({ encoder: { depth } })}
        />
      )}
      <SelectField
        label="Projection head"
        value={head.kind}
        field="head.kind"
        testId="head-kind"
        hint={head.kind === 'mlp' ? 'Paper: a nonlinear head beats a linear one by ~3% and none by >10% (Figure 8).' : undefined}
        options={[
          { value: 'none', label: 'None (z = h)' },
          { value: 'linear', label: 'Linear' },
          { value: 'mlp', label: 'MLP (nonlinear, paper)' },
        ]}
        onChange={(kind) => patch({ head: { kind } })}
      />
      {head.kind === 'mlp' && (
        <SelectField
          label="Head layers"
          value={head.layers}
          field="head.layers"
          testId="head-layers"
          options={[
            { value: 2, label: '2 (SimCLR)' },
            { value: 3, label: '3 (SimCLRv2)' },
          ]}
          onChange={(layers) => patch({ head: { layers } })}
        />
      )}
      {head.kind !== 'none' && (
        <NumberField
          label="Output size of z"
          value={head.outDim}
          min={8}
          max={256}
          step={8}
          field="head.outDim"
          testId="head-out"
          onChange={(outDim) => patch({ head: { outDim: Math.round(outDim) } })}
        />
      )}
    </fieldset>
  );
}
