// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DataPanel } from '../../../src/ui/data/DataPanel';
import { click, renderWithStore } from './render';
import { datasetReady } from '../state/fakes';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function pick(input: HTMLInputElement, files: File[], act: (fn: () => void) => void) {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('DataPanel', () => {
  it('switches between the built-in datasets', () => {
    const r = renderWithStore(<DataPanel />, { ready: true });
    cleanup = r.unmount;
    expect((r.get('dataset-shapes') as HTMLInputElement).checked).toBe(true);
    expect((r.get('dataset-upload') as HTMLInputElement).disabled).toBe(true);
    click(r.get('dataset-mnist'));
    expect(r.port.take()).toEqual([{ type: 'setDataset', source: { kind: 'preset', name: 'mnist' } }]);
    expect(r.get('dataset-status').textContent).toMatch(/Loading/);
    r.act(() => r.store.getState().receive({ type: 'datasetProgress', done: 2, total: 4 }));
    expect(r.get('dataset-status').textContent).toBe('Loading… 2 / 4');
    r.act(() => r.store.getState().receive({ ...datasetReady(60), classNames: ['0', '1'], channels: 1 }));
    expect(r.get('dataset-status').textContent).toBe('60 images, 2 classes, 32 px, grey');
  });

  it('sends picked images as blobs, lists refused files with reasons, and removes files', () => {
    const r = renderWithStore(<DataPanel />, { ready: true });
    cleanup = r.unmount;
    const a = new File([new Uint8Array(4)], 'a.png', { type: 'image/png' });
    const b = new File([new Uint8Array(4)], 'b.jpg', { type: 'image/jpeg' });
    const txt = new File(['hi'], 'notes.txt', { type: 'text/plain' });
    pick(r.get('file-input') as HTMLInputElement, [a, b, txt], r.act);
    const [message] = r.port.take();
    expect(message).toMatchObject({ type: 'setDataset', source: { kind: 'images', names: ['a.png', 'b.jpg'] } });
    if (message?.type !== 'setDataset' || message.source.kind !== 'images') throw new Error('expected images');
    expect(message.source.images[0]).toBe(a);
    expect((r.get('dataset-upload') as HTMLInputElement).checked).toBe(true);
    expect(r.get('upload-count').textContent).toBe('2 files');
    expect(r.get('rejected').textContent).toMatch(/notes\.txt: not an image \(text\/plain\)/);

    // The worker refuses one it cannot decode: listed too.
    r.act(() => r.store.getState().receive({ ...datasetReady(1), offered: 2, rejected: [{ name: 'b.jpg', reason: 'could not be decoded' }] }));
    expect(r.get('rejected').textContent).toMatch(/b\.jpg: could not be decoded/);
    expect(r.port.take()).toEqual([{ type: 'requestPreview' }]);

    const remove = r.all('upload-remove');
    expect(remove[0]!.getAttribute('aria-label')).toBe('Remove a.png');
    click(remove[0]!);
    expect(r.port.take()).toMatchObject([{ type: 'setDataset', source: { kind: 'images', names: ['b.jpg'] } }]);
    click(r.get('uploads-clear'));
    expect(r.port.take()).toEqual([{ type: 'setDataset', source: { kind: 'preset', name: 'shapes' } }]);
    expect(r.all('uploads')).toHaveLength(0);
  });
});
