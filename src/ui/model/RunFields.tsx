/** Seed and backend. A new seed resets the run; a new backend applies on reload (the URL keeps everything else). */
import { useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import { hashStateOf } from '../../state/urlSync';
import { serializeHash } from '../../state/urlHash';
import type { BackendPreference } from '../../worker/protocol';
import { SelectField } from '../components/SelectField';

const BACKENDS: { value: BackendPreference; label: string }[] = [
  { value: 'auto', label: 'Automatic (fastest available)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WebAssembly (CPU, SIMD)' },
  { value: 'cpu', label: 'Plain JavaScript (slowest)' },
];

function randomSeed(): number {
  const a = new Uint32Array(1);
  crypto.getRandomValues(a);
  return a[0]! % 1_000_000;
}

export function RunFields() {
  const store = useAppStore();
  const seed = useApp((s) => s.config.seed);
  const preference = useApp((s) => s.backendPreference);
  const started = useApp((s) => s.startedBackendPreference);
  const uploads = useApp((s) => s.uploads.length);
  const [draft, setDraft] = useState<string | null>(null);

  const commitSeed = () => {
    if (draft === null) return;
    const n = Number(draft);
    if (Number.isInteger(n) && n >= 0 && n <= 2 ** 32 - 1 && n !== seed) store.getState().setSeed(n);
    setDraft(null);
  };

  const reload = () => {
    const hash = serializeHash(hashStateOf(store.getState()));
    window.location.hash = hash;
    window.location.reload();
  };

  return (
    <fieldset className="group">
      <legend>Seed and backend</legend>
      <div className="field">
        <label htmlFor="seed-input">Seed</label>
        <div className="number-row">
          <input
            id="seed-input"
            type="text"
            inputMode="numeric"
            className="number-text"
            data-testid="seed"
            value={draft ?? String(seed)}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commitSeed}
            onKeyDown={(e) => e.key === 'Enter' && commitSeed()}
          />
          <button type="button" className="button small" data-testid="seed-new" onClick={() => store.getState().setSeed(randomSeed())}>
            New seed
          </button>
        </div>
        <div className="field-hint">The seed fixes every random choice: the same link replays the same run. A new seed restarts training.</div>
      </div>
      <SelectField
        label="Backend"
        value={preference}
        testId="backend-preference"
        options={BACKENDS}
        onChange={(p) => store.getState().setBackendPreference(p)}
      />
      {started !== null && preference !== started && (
        <div className="reload-note" role="status">
          <p>
            The backend is chosen when the worker starts. Reload to switch
            {uploads > 0 ? '; your dropped images will have to be dropped again.' : '; all settings are kept in the link.'}
          </p>
          <button type="button" className="button small primary" data-testid="backend-reload" onClick={reload}>
            Reload with {preference}
          </button>
        </div>
      )}
    </fieldset>
  );
}
