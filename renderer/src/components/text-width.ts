// Runs in the renderer. The rendered width of a chart label, measured with a canvas in the page's
// own font, so axes are sized to what is drawn instead of a guess that clips long labels.

let context: CanvasRenderingContext2D | null | undefined;

/** Pixels `text` takes at `fontSize` in the document's font; a generous estimate without canvas. */
export function textWidth(text: string, fontSize: number): number {
  if (context === undefined) context = document.createElement('canvas').getContext('2d');
  if (!context) return text.length * fontSize * 0.62;
  context.font = `${fontSize}px ${getComputedStyle(document.body).fontFamily}`;
  return context.measureText(text).width;
}
