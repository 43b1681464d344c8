/** RGBA pixels shown crisp at any size (image-rendering: pixelated). */
import { useEffect, useRef } from 'react';

export function PixelCanvas(props: {
  pixels: Uint8ClampedArray;
  /** Byte offset of the image in `pixels`. */
  offset?: number;
  size: number;
  label: string;
  className?: string;
  testId?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { pixels, offset = 0, size } = props;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const bytes = size * size * 4;
    if (offset + bytes > pixels.length) return;
    const image = new ImageData(size, size);
    image.data.set(pixels.subarray(offset, offset + bytes));
    ctx.putImageData(image, 0, 0);
  }, [pixels, offset, size]);
  return (
    <canvas
      ref={ref}
      width={size}
      height={size}
      role="img"
      aria-label={props.label}
      title={props.label}
      className={`pixels ${props.className ?? ''}`}
      data-testid={props.testId}
    />
  );
}
