/**
 * The parts an export group that saves a file the worker prepares, and loads one back, shares:
 * the save-on-arrival hook, the import button with its hidden file input, and the two status lines.
 */
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../state/context';
import type { AppState, ImportStatus } from '../../state/types';

/** An error's message, or the thrown value as text. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Saves what the worker sends to `select` once it arrives after `request()` (not what another
 * panel asked for): `save` writes the files and returns the line to show; a throw shows
 * `${failure}: ${message}`. `saved` is that line, cleared by each request.
 */
export function useRequestedSave<T>(
  select: (s: AppState) => T | null,
  save: (value: T) => string,
  failure: string,
): { saved: string | null; request: (ask: () => void) => void } {
  const store = useAppStore();
  const wanted = useRef(false);
  const [saved, setSaved] = useState<string | null>(null);
  // The latest arguments, without subscribing again on each render.
  const latest = useRef({ select, save, failure });
  latest.current = { select, save, failure };

  useEffect(
    () =>
      store.subscribe(
        (s) => latest.current.select(s),
        (value) => {
          if (!value || !wanted.current) return;
          wanted.current = false;
          try {
            setSaved(latest.current.save(value));
          } catch (err) {
            setSaved(`${latest.current.failure}: ${errorText(err)}`);
          }
        },
      ),
    [store],
  );

  const request = (ask: () => void) => {
    wanted.current = true;
    setSaved(null);
    ask();
  };
  return { saved, request };
}

/** A button that opens a hidden file input; `onFiles` gets the chosen files (the input is cleared, so the same file can be chosen again). */
export function FileImportButton(props: {
  label: string;
  testId: string;
  inputTestId: string;
  ariaLabel: string;
  accept: string;
  multiple?: boolean;
  disabled: boolean;
  onFiles: (files: File[]) => void;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="button" data-testid={props.testId} disabled={props.disabled} onClick={() => inputRef.current?.click()}>
        {props.label}
      </button>
      <input
        ref={inputRef}
        type="file"
        multiple={props.multiple}
        hidden
        accept={props.accept}
        data-testid={props.inputTestId}
        aria-label={props.ariaLabel}
        onChange={(e) => {
          const files = e.target.files ? [...e.target.files] : [];
          e.target.value = '';
          props.onFiles(files);
        }}
      />
    </>
  );
}

/** The line a save left, and the state of the last import (an alert when refused). */
export function TransferStatus({ saved, savedTestId, status, statusTestId }: {
  saved: string | null;
  savedTestId: string;
  status: ImportStatus | null;
  statusTestId: string;
}) {
  return (
    <>
      {saved && (
        <p className="export-status" role="status" data-testid={savedTestId}>
          {saved}
        </p>
      )}
      {status && (
        <p
          className={`export-status${status.kind === 'refused' ? ' field-error' : ''}`}
          role={status.kind === 'refused' ? 'alert' : 'status'}
          data-testid={statusTestId}
          data-kind={status.kind}
        >
          {status.message}
        </p>
      )}
    </>
  );
}
