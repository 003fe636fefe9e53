// Build-time only (scripts/build.mjs and the browser tests run `vite build` with it). Bundles
// the renderer into dist/renderer with relative asset paths, so it loads over http and in Electron.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // An inlined font would be a data: URL, which the CSP's default-src refuses; keep every asset a file.
    assetsInlineLimit: 0,
  },
});
