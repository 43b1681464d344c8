/**
 * The page's side of the training worker: one worker for the page's life, a
 * typed `send` and a typed `subscribe`. UI code talks to tfjs only through this.
 */
import type { FromWorker, ToWorker } from './protocol';

export type Listener = (message: FromWorker) => void;

export interface TrainingClient {
  /** Posts a message; typed arrays in `transfer` move instead of being copied. */
  send(message: ToWorker, transfer?: Transferable[]): void;
  /** Calls `listener` for every message from the worker; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  /** Calls `listener` only for messages of one type. */
  on<T extends FromWorker['type']>(type: T, listener: (message: Extract<FromWorker, { type: T }>) => void): () => void;
  /** Asks the worker to free its tensors, then ends it. */
  terminate(): void;
}

/** Wraps any worker-like port (a real Worker, or a MessagePort in tests). */
export function createClient(port: {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate?(): void;
}): TrainingClient {
  const listeners = new Set<Listener>();
  const deliver = (message: FromWorker) => {
    for (const listener of [...listeners]) listener(message);
  };
  port.addEventListener('message', (event: MessageEvent) => deliver(event.data as FromWorker));
  port.addEventListener('error', (event: ErrorEvent) => {
    deliver({ type: 'error', code: 'internal', message: `The training worker crashed: ${event.message || 'unknown error'}. Reload the page to start it again.` });
  });
  return {
    send(message, transfer = []) {
      port.postMessage(message, transfer);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on(type, listener) {
      const wrapped: Listener = (message) => {
        if (message.type === type) listener(message as Extract<FromWorker, { type: typeof type }>);
      };
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    terminate() {
      port.postMessage({ type: 'dispose' } satisfies ToWorker, []);
      port.terminate?.();
      listeners.clear();
    },
  };
}

let shared: TrainingClient | undefined;

/** The page's one training worker, started on first use. */
export function getTrainingClient(): TrainingClient {
  if (!shared) {
    const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'simclr-training' });
    shared = createClient(worker);
  }
  return shared;
}
