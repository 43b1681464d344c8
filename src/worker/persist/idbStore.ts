/**
 * The RunStore in IndexedDB (which workers have): database `simclr-playground`,
 * object store `run`, keys 'summary' (a SavedRunSummary object), 'dataset' and
 * 'state' (ArrayBuffers). Every write is one transaction, so a reload sees either
 * the previous save or this one, never half of each.
 */
import type { SavedRunSummary } from './runFile';
import type { RunStore, StoredRun } from './runStore';

const DB_NAME = 'simclr-playground';
const DB_VERSION = 1;
const STORE = 'run';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A quota failure surfaces as the transaction's error (QuotaExceededError) on abort.
    tx.onabort = () => reject(tx.error ?? new DOMException('the transaction was aborted', 'AbortError'));
    tx.onerror = () => undefined;
  });
}

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : bytes.slice().buffer as ArrayBuffer;
}

export class IdbRunStore implements RunStore {
  private db?: Promise<IDBDatabase>;

  /** @param factory the IndexedDB factory (`self.indexedDB`); absent means IndexedDB is not available. */
  constructor(private readonly factory: IDBFactory | undefined = typeof indexedDB === 'undefined' ? undefined : indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (!this.factory) {
        reject(new DOMException('IndexedDB is not available in this browser context', 'InvalidStateError'));
        return;
      }
      let req: IDBOpenDBRequest;
      try {
        req = this.factory.open(DB_NAME, DB_VERSION);
      } catch (err) {
        reject(err);
        return;
      }
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
      req.onblocked = () => reject(new DOMException('IndexedDB is blocked by another tab', 'InvalidStateError'));
    }).catch((err: unknown) => {
      this.db = undefined;
      throw err;
    });
    return this.db;
  }

  async peek(): Promise<SavedRunSummary | null> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readonly');
    const summary = await request(tx.objectStore(STORE).get('summary') as IDBRequest<SavedRunSummary | undefined>);
    return summary ?? null;
  }

  async load(): Promise<StoredRun | null> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readonly');
    const store = tx.objectStore(STORE);
    const [dataset, state] = await Promise.all([
      request(store.get('dataset') as IDBRequest<ArrayBuffer | undefined>),
      request(store.get('state') as IDBRequest<ArrayBuffer | undefined>),
    ]);
    if (!dataset || !state) return null;
    return { dataset: new Uint8Array(dataset), state: new Uint8Array(state) };
  }

  async save(parts: { dataset?: Uint8Array; state: Uint8Array; summary: SavedRunSummary }): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const finished = done(tx);
    const store = tx.objectStore(STORE);
    if (parts.dataset) store.put(toBuffer(parts.dataset), 'dataset');
    store.put(toBuffer(parts.state), 'state');
    store.put(parts.summary, 'summary');
    await finished;
  }

  async clear(): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    const finished = done(tx);
    tx.objectStore(STORE).clear();
    await finished;
  }
}
