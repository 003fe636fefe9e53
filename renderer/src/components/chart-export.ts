// Runs in the renderer. Turns a canvas chart on screen into a standalone SVG or PNG file: the
// canvas as drawn (the theme's colours already resolved) framed with its title and legend, since
// a file has no stylesheet. The PNG goes through a data: URL, the only image source the CSP
// allows besides 'self'.

export interface ChartExportOptions {
  /** Written above the chart: a file should say what it shows. */
  title: string;
  /** Series names and colours: the chart draws its legend in HTML, outside the canvas. */
  legend?: readonly { label: string; color: string }[];
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_H = 28;
const LEGEND_ROW_H = 20;

function text(x: number, y: number, value: string, attrs: Record<string, string>): SVGTextElement {
  const el = document.createElementNS(SVG_NS, 'text');
  el.setAttribute('x', String(x));
  el.setAttribute('y', String(y));
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.textContent = value;
  return el;
}

/**
 * A canvas chart (uPlot) as a standalone SVG document: the canvas as drawn, embedded as an image
 * at its on-screen size, under its title and over its legend, on the theme's background.
 */
export function canvasChartToSvg(canvas: HTMLCanvasElement, opts: ChartExportOptions): string {
  const box = canvas.getBoundingClientRect();
  const width = Math.ceil(box.width);
  const height = Math.ceil(box.height);
  const image = document.createElementNS(SVG_NS, 'image');
  image.setAttribute('href', canvas.toDataURL('image/png'));
  image.setAttribute('width', String(width));
  image.setAttribute('height', String(height));
  return framed(canvas, image, width, height, opts);
}

function framed(
  source: Element,
  chart: SVGElement,
  width: number,
  height: number,
  opts: ChartExportOptions,
): string {
  const root = getComputedStyle(source);
  const color = root.getPropertyValue('color') || '#000';
  const font = root.getPropertyValue('font-family') || 'sans-serif';
  const background =
    getComputedStyle(document.documentElement).getPropertyValue('--surface').trim() || '#fff';
  const legend = opts.legend ?? [];
  const legendH = legend.length > 0 ? LEGEND_ROW_H * legend.length + 6 : 0;
  const total = TITLE_H + height + legendH;

  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(total));
  out.setAttribute('viewBox', `0 0 ${width} ${total}`);
  out.setAttribute('font-family', font);
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', background);
  out.append(bg, text(8, 19, opts.title, { 'font-size': '14', 'font-weight': '600', fill: color }));
  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('transform', `translate(0 ${TITLE_H})`);
  group.append(chart);
  out.append(group);
  legend.forEach((item, i) => {
    const y = TITLE_H + height + 6 + i * LEGEND_ROW_H;
    const swatch = document.createElementNS(SVG_NS, 'rect');
    swatch.setAttribute('x', '12');
    swatch.setAttribute('y', String(y + 4));
    swatch.setAttribute('width', '12');
    swatch.setAttribute('height', '4');
    swatch.setAttribute('fill', item.color);
    out.append(swatch, text(30, y + 10, item.label, { 'font-size': '12', fill: color }));
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}`;
}

/** Rasterises an SVG document at `scale` × its size (2: sharp on high-density screens). */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.naturalWidth * scale);
  canvas.height = Math.ceil(image.naturalHeight * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas, so no PNG can be made.');
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('Drawing the PNG failed.'))),
      'image/png',
    ),
  );
}
