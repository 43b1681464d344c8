/** Saves bytes or text as a file the browser downloads. */

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Long enough for the download to start reading the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveText(parts: string | readonly string[], filename: string, type: string): void {
  saveBlob(new Blob(typeof parts === 'string' ? [parts] : [...parts], { type }), filename);
}
