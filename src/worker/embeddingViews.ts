/**
 * Neighbours and 2-D maps of the run's embeddings, for the page. h and z of
 * every image are copied to the host once per state of the weights and reused
 * (clicking through neighbours while paused embeds the dataset once).
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_MAP_POINTS, embeddingMap, nearestNeighbours } from '../core/eval';
import type { TrainingSession } from '../core/train/session';
import type { MapMessage, MapMethod, NeighboursMessage } from './protocol';
import { RequestError } from './requestError';

export interface HostEmbeddings {
  count: number;
  h: Float32Array;
  hDim: number;
  z: Float32Array;
  zDim: number;
}

export class EmbeddingViews {
  private cached?: { session: TrainingSession; version: number; value: HostEmbeddings };

  /** h and z of every image of the session's data on the host (cached until the weights or data change). */
  async embeddings(session: TrainingSession): Promise<HostEmbeddings> {
    const c = this.cached;
    if (c && c.session === session && c.version === session.version) return c.value;
    const { h, z } = session.embed();
    try {
      const [hv, zv] = await Promise.all([h.data() as Promise<Float32Array>, z.data() as Promise<Float32Array>]);
      const value = { count: h.shape[0], h: Float32Array.from(hv), hDim: h.shape[1], z: Float32Array.from(zv), zDim: z.shape[1] };
      this.cached = { session, version: session.version, value };
      return value;
    } finally {
      tf.dispose([h, z]);
    }
  }

  /** Forgets the host copy (a new session, a disposed one). */
  clear(): void {
    this.cached = undefined;
  }

  async neighbours(session: TrainingSession, index: number, k: number): Promise<NeighboursMessage> {
    const n = session.datasetSize;
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RequestError(`There is no image ${String(index)}: the dataset has ${n} images, numbered 0 to ${n - 1}.`, 'index');
    }
    if (!Number.isInteger(k) || k < 1) {
      throw new RequestError(`The number of neighbours must be a whole number of at least 1, got ${String(k)}.`, 'k');
    }
    const e = await this.embeddings(session);
    const { indices, scores } = nearestNeighbours(e.h, e.count, e.hDim, index, k);
    return { type: 'neighbours', step: session.step, index, neighbours: indices, scores };
  }

  async map(
    session: TrainingSession, labels: Int32Array | undefined, method: MapMethod, space: 'h' | 'z', maxPoints: number | undefined,
    pause: () => Promise<void>,
  ): Promise<MapMessage> {
    if (method !== 'pca' && method !== 'umap') throw new RequestError(`Unknown map method ${JSON.stringify(method)}: use "pca" or "umap".`, 'method');
    if (space !== 'h' && space !== 'z') throw new RequestError(`Unknown space ${JSON.stringify(space)}: use "h" or "z".`, 'space');
    const cap = maxPoints ?? DEFAULT_MAP_POINTS;
    if (!Number.isInteger(cap) || cap < 2) throw new RequestError(`A map needs at least 2 points, got maxPoints ${String(maxPoints)}.`, 'maxPoints');
    const e = await this.embeddings(session);
    const [features, dim] = space === 'h' ? [e.h, e.hDim] : [e.z, e.zDim];
    const known = labels && labels.length === e.count ? labels : undefined;
    const { points, indices } = await embeddingMap(features, e.count, dim, {
      method, seed: session.config.seed, maxPoints: cap, labels: known, pause,
    });
    const pointLabels = Int32Array.from(indices, (i) => (known ? known[i]! : -1));
    return { type: 'map', step: session.step, method, space, points, indices, labels: pointLabels };
  }
}
