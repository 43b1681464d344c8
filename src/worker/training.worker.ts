/**
 * The training worker's entry: one Trainer, fed by the page's messages, posting
 * back through `postMessage` with typed arrays transferred. Everything else is in
 * trainer.ts (the loop) and browserEnv.ts (backends, files).
 */
import { createBrowserEnv } from './browserEnv';
import { IdbRunStore } from './persist/idbStore';
import type { FromWorker, ToWorker } from './protocol';
import { Trainer } from './trainer';

const scope = self as unknown as {
  postMessage(message: FromWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
  close(): void;
};

// The run is saved to IndexedDB as it trains (see persist/), so a reload can restore it.
const trainer = new Trainer((message, transfer) => scope.postMessage(message, transfer), { ...createBrowserEnv(), runStore: new IdbRunStore() });

scope.addEventListener('message', (event) => {
  const message = event.data;
  void trainer.handle(message).then(() => {
    if (message.type === 'dispose') scope.close();
  });
});
