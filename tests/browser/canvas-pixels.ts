// Test helper: reads a canvas chart's pixels in the page. From a copy, since reading the chart's
// own canvas back makes Chromium warn; the page-side code is a string, since the tests compile
// without the DOM's types.
import type { Page } from 'playwright-core';

/**
 * Runs `body` in the page with `data`, the RGBA bytes of the leftmost `columns` (every column
 * when null) of the first canvas under `selector`, and `width`, the columns read; returns its result.
 */
export function canvasPixels<T>(
  page: Page,
  selector: string,
  columns: number | null,
  body: string,
): Promise<T> {
  return page.evaluate<T>(`(() => {
    const canvas = document.querySelector(${JSON.stringify(`${selector} canvas`)});
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(canvas, 0, 0);
    const width = ${columns ?? 'copy.width'};
    const { data } = ctx.getImageData(0, 0, width, copy.height);
    ${body}
  })()`);
}
