import { downloadBlob, safeFileName } from './download';

export interface PngHeader {
  title: string;
  /** What the chart shows: the selection, n, date. */
  subtitle: string;
}

const HEADER_PX = 40;
const SCALE = 2;

/**
 * Saves the chart's SVG as a PNG with a header naming what it shows. Colours are concrete
 * attribute values (see use-theme-colors), so the serialized SVG renders the same without the
 * page's stylesheet.
 */
export async function saveSvgAsPng(
  root: HTMLElement,
  header: PngHeader,
  colors: { bg: string; text: string; muted: string },
): Promise<void> {
  const svgs = Array.from(root.querySelectorAll('svg')).filter((s) => s.getBoundingClientRect().width > 40);
  const svg = svgs[0];
  if (svg === undefined) throw new Error('This chart has nothing to save yet.');
  const { width, height } = svg.getBoundingClientRect();
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('font-family', getComputedStyle(document.body).fontFamily);
  const xml = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([xml], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const i = new Image();
      i.onload = () => resolve(i);
      i.onerror = () => reject(new Error('The chart could not be drawn into an image.'));
      i.src = url;
    });
    const font = getComputedStyle(document.body).fontFamily;
    // Measure the header first: a narrow chart must not cut its own description short.
    const probe = document.createElement('canvas').getContext('2d');
    let textWidth = 0;
    if (probe !== null) {
      probe.font = `600 13px ${font}`;
      textWidth = probe.measureText(header.title).width;
      probe.font = `11px ${font}`;
      textWidth = Math.max(textWidth, probe.measureText(header.subtitle).width);
    }
    const outWidth = Math.max(width, Math.ceil(textWidth) + 20);
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(outWidth * SCALE);
    canvas.height = Math.ceil((height + HEADER_PX) * SCALE);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('This browser cannot draw images (no 2D canvas).');
    ctx.scale(SCALE, SCALE);
    ctx.fillStyle = colors.bg;
    ctx.fillRect(0, 0, outWidth, height + HEADER_PX);
    ctx.fillStyle = colors.text;
    ctx.font = `600 13px ${font}`;
    ctx.fillText(header.title, 10, 17);
    ctx.fillStyle = colors.muted;
    ctx.font = `11px ${font}`;
    ctx.fillText(header.subtitle, 10, 33);
    ctx.drawImage(img, 0, HEADER_PX, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob === null) throw new Error('The chart image could not be encoded as PNG.');
    downloadBlob(`${safeFileName(header.title)}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}
