/** Test doubles shared by the state tests: a recording worker port and message builders. */
import type { StepMetrics, ToWorker, ReadyMessage, FromWorker } from '../../../src/worker/protocol';
import { createPlaygroundStore, type InitialState } from '../../../src/state/store';
import type { TrainConfig } from '../../../src/core/config';
import { PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';

export class RecordingPort {
  sent: ToWorker[] = [];
  send(message: ToWorker): void {
    this.sent.push(message);
  }
  types(): string[] {
    return this.sent.map((m) => m.type);
  }
  take(): ToWorker[] {
    const out = this.sent;
    this.sent = [];
    return out;
  }
}

export function makeStore(initial: InitialState = {}, debounce = 0) {
  const port = new RecordingPort();
  let clock = 0;
  const store = createPlaygroundStore({ port, now: () => clock, configDebounceMs: debounce }, initial);
  return { port, store, tick: (ms: number) => (clock += ms) };
}

export function readyMessage(config: TrainConfig = PLAYGROUND_DEFAULT): ReadyMessage {
  return {
    type: 'ready', backend: 'webgpu', reason: 'WebGPU adapter found', adapter: 'SwiftShader', software: true,
    config, parameterCount: 1234,
  };
}

export function metric(step: number, loss = 4): StepMetrics {
  return {
    step, loss, accuracy: 0.1, entropy: 3.9, learningRate: 1e-3, meanPositive: 0.2, meanNegative: 0,
    msPerStep: 50, imagesPerSecond: 640,
  };
}

/** The metrics the worker sends for its `stepsDone`-th step: the worker numbers steps from 0. */
export function sent(stepsDone: number, loss = 4): StepMetrics {
  return metric(stepsDone - 1, loss);
}

export function datasetReady(count = 10): Extract<FromWorker, { type: 'datasetReady' }> {
  return {
    type: 'datasetReady', count, offered: count, rejected: [], classNames: [], labels: new Int32Array(0),
    size: 32, channels: 3, thumbnails: new Uint8ClampedArray(count * 4 * 4 * 4), thumbSize: 4,
  };
}
