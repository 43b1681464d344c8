/** Files from an `<input type="file">`, with or without `webkitdirectory`. */
import type { PickedFile } from './accept';

export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) =>
    file.webkitRelativePath ? { file, path: file.webkitRelativePath } : { file },
  );
}
