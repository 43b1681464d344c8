/**
 * Decoding one user image in the worker: checks the header, decodes with the
 * browser's own decoder (`createImageBitmap`, first frame of an animation),
 * composites transparency onto white, centre-crops to a square and resizes to
 * the training size on an `OffscreenCanvas`. Never touches the DOM; an SVG is
 * refused, never rendered.
 */
import type { ImageInput, RawImage } from '../protocol';
import { MAX_DECODE_PIXELS, MAX_FILE_BYTES } from './limits';
import { looksTruncated, sniffImage } from './sniff';

/** Raised for a file that cannot be used; `message` is the reason shown to the user. */
export class ImageRejected extends Error {}

/** Decodes `input` into size x size RGBA bytes (alpha 255). */
export async function decodeToSquare(input: ImageInput, size: number): Promise<Uint8ClampedArray> {
  const bitmap = await toBitmap(input);
  try {
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new ImageRejected('this browser cannot draw images in a worker (no 2D OffscreenCanvas)');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    const side = Math.min(bitmap.width, bitmap.height);
    ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
    return ctx.getImageData(0, 0, size, size).data;
  } finally {
    bitmap.close();
  }
}

async function toBitmap(input: ImageInput): Promise<ImageBitmap> {
  if (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap) {
    if (input.width === 0 || input.height === 0) throw new ImageRejected('the image is empty (0 x 0 pixels)');
    return createImageBitmap(input);
  }
  if (typeof ImageData !== 'undefined' && input instanceof ImageData) return createImageBitmap(input);
  if (typeof Blob !== 'undefined' && input instanceof Blob) return blobToBitmap(input);
  return createImageBitmap(rawToImageData(input as RawImage));
}

async function blobToBitmap(blob: Blob): Promise<ImageBitmap> {
  if (blob.size === 0) throw new ImageRejected('the file is empty (0 bytes)');
  if (blob.size > MAX_FILE_BYTES) throw new ImageRejected(`the file is ${(blob.size / 1e6).toFixed(0)} MB; files over ${MAX_FILE_BYTES / 1024 / 1024} MB are not read`);
  const head = sniffImage(new Uint8Array(await blob.slice(0, 65536).arrayBuffer()));
  if (head.format === 'svg' || blob.type === 'image/svg+xml') {
    throw new ImageRejected('SVG drawings are not used (they are vector files that can carry scripts); export it as PNG first');
  }
  if (head.format === 'unknown') throw new ImageRejected('not an image this page can read (PNG, JPEG, GIF, WebP or BMP)');
  if (looksTruncated(head.format, new Uint8Array(await blob.slice(Math.max(0, blob.size - 1024)).arrayBuffer()))) {
    throw new ImageRejected(`the ${head.format.toUpperCase()} file is truncated (it stops before its end marker); it may not have finished downloading or copying`);
  }
  if (head.width !== undefined && head.height !== undefined) {
    if (head.width === 0 || head.height === 0) throw new ImageRejected(`the ${head.format.toUpperCase()} header says ${head.width} x ${head.height} pixels`);
    const pixels = head.width * head.height;
    if (pixels > MAX_DECODE_PIXELS) {
      throw new ImageRejected(`${head.width} x ${head.height} pixels (${(pixels / 1e6).toFixed(0)} megapixels) is larger than the ${MAX_DECODE_PIXELS / 1e6} megapixels this page decodes; scale it down first`);
    }
  }
  try {
    return await createImageBitmap(blob);
  } catch {
    throw new ImageRejected(`the ${head.format.toUpperCase()} data is damaged or truncated and could not be decoded`);
  }
}

/** RawImage (1, 3 or 4 channels) as RGBA ImageData. */
export function rawToImageData(raw: RawImage): ImageData {
  const { width, height, channels, data } = raw;
  if (data.length !== width * height * channels) {
    throw new ImageRejected(`raw image data has ${data.length} bytes, expected ${width} x ${height} x ${channels}`);
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; p < width * height; p++, q += channels) {
    rgba[p * 4] = data[q]!;
    rgba[p * 4 + 1] = data[channels >= 3 ? q + 1 : q]!;
    rgba[p * 4 + 2] = data[channels >= 3 ? q + 2 : q]!;
    rgba[p * 4 + 3] = channels === 4 ? data[q + 3]! : 255;
  }
  return new ImageData(rgba, width, height);
}
