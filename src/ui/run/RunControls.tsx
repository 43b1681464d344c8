/** Play / pause, step, reset, and the live counters. */
import { useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import type { AppState } from '../../state/types';
import { LiveValue } from '../components/LiveValue';
import { BackendBadge } from './BackendBadge';
import { NewRunButton } from './NewRunButton';
import { SavedStatus } from './SavedStatus';
import './run.css';

const STEP_COUNTS = [1, 10, 50] as const;

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');
const selectStep = (s: AppState) => String(s.step);
const selectLoss = (s: AppState) => (s.latest ? fmt(s.latest.loss, 3) : '–');
const selectAccuracy = (s: AppState) => (s.latest ? `${(s.latest.accuracy * 100).toFixed(0)}%` : '–');
const selectStepsPerSecond = (s: AppState) => (s.runState === 'running' && s.rate.samples.length > 1 ? fmt(s.rate.stepsPerSecond, 1) : '–');
const selectImagesPerSecond = (s: AppState) => (s.runState === 'running' && s.latest ? fmt(s.latest.imagesPerSecond, 0) : '–');

export function RunControls() {
  const store = useAppStore();
  const ready = useApp((s) => s.ready !== null);
  const hasData = useApp((s) => s.dataset !== null && !s.datasetPending);
  const running = useApp((s) => s.runState === 'running');
  const [count, setCount] = useState<number>(10);
  const canTrain = ready && hasData;

  return (
    <div className="run-controls" data-testid="run-controls" role="toolbar" aria-label="Training controls">
      <button
        type="button"
        className={`button primary${running ? ' active' : ''}`}
        data-testid="run-toggle"
        data-state={running ? 'running' : 'stopped'}
        disabled={!canTrain}
        aria-pressed={running}
        onClick={() => (running ? store.getState().pause() : store.getState().play())}
      >
        {running ? '❚❚ Pause' : '▶ Play'}
      </button>
      <div className="step-group">
        <button
          type="button"
          className="button"
          data-testid="step"
          disabled={!canTrain || running}
          onClick={() => store.getState().stepBy(count)}
        >
          Step {count}
        </button>
        <label className="visually-hidden" htmlFor="step-count">
          Steps per click
        </label>
        <select
          id="step-count"
          data-testid="step-count"
          value={count}
          onChange={(e) => setCount(Number(e.target.value))}
          disabled={!canTrain || running}
        >
          {STEP_COUNTS.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button" data-testid="reset" disabled={!ready} onClick={() => store.getState().reset()}>
        ↺ Reset
      </button>
      <NewRunButton />
      <dl className="stats" aria-live="off">
        <div>
          <dt>Step</dt>
          <dd><LiveValue select={selectStep} testId="stat-step" /></dd>
        </div>
        <div>
          <dt>Loss</dt>
          <dd><LiveValue select={selectLoss} testId="stat-loss" /></dd>
        </div>
        <div>
          <dt>Accuracy</dt>
          <dd><LiveValue select={selectAccuracy} testId="stat-accuracy" /></dd>
        </div>
        <div>
          <dt>Steps/s</dt>
          <dd><LiveValue select={selectStepsPerSecond} testId="stat-steps-per-second" /></dd>
        </div>
        <div>
          <dt>Images/s</dt>
          <dd><LiveValue select={selectImagesPerSecond} testId="stat-images-per-second" /></dd>
        </div>
      </dl>
      <SavedStatus />
      <BackendBadge />
    </div>
  );
}
