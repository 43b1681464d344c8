/** Chart downloads: CSV of the numbers, PNG of the SVG that recharts drew (saved with export/saveFile.ts). */

export { toCsv, type CsvValue } from '../../state/csv';

/**
 * An SVG element as a standalone document: explicit size, a background, the
 * text colour the page gave it (for currentColor), and every `var(--name)` in
 * it replaced by the value the page gives that custom property at the element,
 * since an SVG drawn as an image sees none of the page's styles.
 */
export function standaloneSvg(svg: SVGSVGElement, background: string, color: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width || Number(svg.getAttribute('width')) || 400);
  const height = Math.round(box.height || Number(svg.getAttribute('height')) || 200);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('style', `color: ${color}; font-family: system-ui, sans-serif; font-size: 12px`);
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  clone.insertBefore(bg, clone.firstChild);
  const style = getComputedStyle(svg);
  return resolveCssVariables(new XMLSerializer().serializeToString(clone), (name) => style.getPropertyValue(name).trim());
}

/** `markup` with each `var(--name)` or `var(--name, fallback)` replaced by lookup(name), else the fallback, else `currentColor`. */
export function resolveCssVariables(markup: string, lookup: (name: string) => string): string {
  return markup.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)/g, (_, name: string, fallback?: string) => lookup(name) || fallback?.trim() || 'currentColor');
}

/** Renders SVG markup to a PNG blob at `scale` times its size. */
export async function svgToPng(markup: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A safe file name from a chart title: "Contrastive accuracy" -> "simclr-contrastive-accuracy". */
export function fileStem(title: string): string {
  return `simclr-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}
