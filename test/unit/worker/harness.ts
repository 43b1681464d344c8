/**
 * Runs the real Trainer in Node behind an in-process MessageChannel, the way the
 * page talks to the worker: messages are structured-cloned and typed arrays
 * transferred. `received` collects everything the trainer sent.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { createClient, type TrainingClient } from '../../../src/worker/client';
import type { FromWorker, ToWorker } from '../../../src/worker/protocol';
import { Trainer, type TrainerEnv } from '../../../src/worker/trainer';

const publicDir = fileURLToPath(new URL('../../../public/', import.meta.url));

export function nodeEnv(overrides: Partial<TrainerEnv> = {}): TrainerEnv {
  return {
    async activateBackend() {
      const backend = tf.getBackend() as 'cpu' | 'wasm';
      return { backend, reason: `Node test on ${backend}`, software: true };
    },
    datasetDeps: { fetchBytes: async (path) => new Uint8Array(await readFile(publicDir + path)) },
    yieldToEventLoop: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
    ...overrides,
  };
}

export interface Harness {
  client: TrainingClient;
  trainer: Trainer;
  received: FromWorker[];
  /** Sends a message and waits until the trainer has handled it. */
  send(message: ToWorker): Promise<void>;
  /** Resolves with the first message of `type` matching `pred`, already received or still to come. */
  waitFor<T extends FromWorker['type']>(type: T, pred?: (m: Extract<FromWorker, { type: T }>) => boolean, timeoutMs?: number): Promise<Extract<FromWorker, { type: T }>>;
  of<T extends FromWorker['type']>(type: T): Extract<FromWorker, { type: T }>[];
  close(): Promise<void>;
}

export function startHarness(env: TrainerEnv = nodeEnv()): Harness {
  const channel = new MessageChannel();
  const received: FromWorker[] = [];
  const trainer = new Trainer((message, transfer) => channel.port1.postMessage(message, transfer), env);
  const pending = new Map<number, () => void>();
  let nextId = 0;
  channel.port1.onmessage = async (event: MessageEvent) => {
    // Messages from `send` carry an id so the harness knows when they were handled;
    // messages from `client.send` arrive plain, as in the browser.
    const data = event.data as { id?: number; message?: ToWorker } & Partial<ToWorker>;
    if (data.id !== undefined && data.message) {
      await trainer.handle(data.message);
      pending.get(data.id)?.();
      pending.delete(data.id);
    } else {
      await trainer.handle(data as ToWorker);
    }
  };
  const page = {
    postMessage: (message: unknown, transfer: Transferable[]) => channel.port2.postMessage(message, transfer),
    addEventListener: (type: string, listener: (event: never) => void) => {
      if (type === 'message') channel.port2.addEventListener('message', listener as (e: MessageEvent) => void);
    },
  };
  const client = createClient(page as Parameters<typeof createClient>[0]);
  channel.port2.start();
  client.subscribe((m) => received.push(m));
  const waiters: { match: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  client.subscribe((m) => {
    for (const w of [...waiters]) if (w.match(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  return {
    client, trainer, received,
    send(message) {
      const id = nextId++;
      return new Promise<void>((resolve) => {
        pending.set(id, resolve);
        // Wrap so the harness knows when this message was handled; the trainer sees the plain message.
        channel.port2.postMessage({ id, message });
      }).then(() => new Promise((r) => setTimeout(r, 5)));
    },
    waitFor(type, pred = () => true, timeoutMs = 60_000) {
      const already = received.find((m) => m.type === type && pred(m as never));
      if (already) return Promise.resolve(already as never);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), timeoutMs);
        waiters.push({
          match: (m) => m.type === type && pred(m as never),
          resolve: (m) => { clearTimeout(timer); resolve(m as never); },
        });
      });
    },
    of(type) {
      return received.filter((m) => m.type === type) as never;
    },
    async close() {
      await trainer.handle({ type: 'dispose' });
      channel.port1.close();
      channel.port2.close();
    },
  };
}
