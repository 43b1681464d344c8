/** Embeddings and labels as vectors.tsv + metadata.tsv for the TensorFlow Embedding Projector. */
import { useEffect, useRef, useState } from 'react';
import { metadataTsv } from '../../core/export/embeddingsTsv';
import { useApp, useAppStore } from '../../state/context';
import type { ExportSlice } from '../../state/types';
import { vectorsTsvParts } from './chunkedText';
import { saveText } from './saveFile';
import { BusyButton } from '../components/BusyButton';

type Embeddings = NonNullable<ExportSlice['embeddings']>;

async function saveProjectorFiles(e: Embeddings, space: 'h' | 'z', classNames: readonly string[]): Promise<string> {
  const values = space === 'h' ? e.h : e.z;
  const dim = space === 'h' ? e.hDim : e.zDim;
  const vectors = await vectorsTsvParts(values, dim);
  const labelled = classNames.length > 0 && e.labels.length === e.count;
  const metadata = metadataTsv(e.count, labelled ? e.labels : undefined, labelled ? classNames : undefined);
  saveText(vectors, 'vectors.tsv', 'text/tab-separated-values');
  saveText(metadata, 'metadata.tsv', 'text/tab-separated-values');
  return `Saved ${e.count} embeddings of ${dim} numbers (${space}, step ${e.step}): vectors.tsv and metadata.tsv.`;
}

export function EmbeddingsExport() {
  const store = useAppStore();
  const ready = useApp((s) => s.ready !== null && s.dataset !== null && !s.datasetPending);
  const pending = useApp((s) => s.embeddingsPending);
  const [space, setSpace] = useState<'h' | 'z'>('h');
  const [note, setNote] = useState<string | null>(null);
  const wanted = useRef<'h' | 'z' | null>(null);

  useEffect(
    () =>
      store.subscribe(
        (s) => s.embeddings,
        (e) => {
          const want = wanted.current;
          if (!e || !want) return;
          wanted.current = null;
          setNote('Writing the files…');
          saveProjectorFiles(e, want, store.getState().dataset?.classNames ?? [])
            .then(setNote)
            .catch((err: unknown) => setNote(`The embeddings could not be written: ${err instanceof Error ? err.message : String(err)}`));
        },
      ),
    [store],
  );

  return (
    <div className="export-group" data-testid="export-embeddings">
      <h3 className="subhead">Embeddings for the Projector</h3>
      <div className="export-buttons">
        <fieldset className="segmented">
          <legend className="visually-hidden">Features</legend>
          {(['h', 'z'] as const).map((v) => (
            <label key={v} className={space === v ? 'selected' : undefined}>
              <input type="radio" name="export-space" value={v} data-testid={`export-space-${v}`} checked={space === v} onChange={() => setSpace(v)} />
              {v === 'h' ? 'h (encoder)' : 'z (head)'}
            </label>
          ))}
        </fieldset>
        <BusyButton
          label="Download TSV"
          busyLabel="Embedding…"
          busy={pending}
          disabled={!ready}
          testId="export-embeddings-download"
          onClick={() => {
            wanted.current = space;
            setNote(null);
            store.getState().requestEmbeddings();
          }}
        />
      </div>
      <p className="field-hint">Open projector.tensorflow.org, press Load, and give it vectors.tsv, then metadata.tsv.</p>
      {note && (
        <p className="export-status" role="status" data-testid="export-embeddings-status">
          {note}
        </p>
      )}
    </div>
  );
}
