/** Images pasted from the clipboard (screenshots arrive as one unnamed "image.png"). */
import type { PickedFile } from './accept';

let pasted = 0;

export function filesFromClipboard(data: DataTransfer | null): PickedFile[] {
  if (!data) return [];
  const out: PickedFile[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (!file) continue;
    pasted++;
    const ext = file.type.split('/')[1] ?? 'png';
    const name = file.name && file.name !== 'image.png' ? file.name : `pasted-${pasted}.${ext}`;
    out.push({ file: new File([file], name, { type: file.type }) });
  }
  return out;
}
