// Build-time only (scripts/build.mjs and the browser tests run `vite build` with it). Bundles
// the renderer into dist/renderer with relative asset paths, so it loads over http and in Electron.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { buildCsp } from './shared/csp.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The page's own copy of the one policy; a <meta> policy ignores frame-ancestors (and warns). */
const META_CSP = buildCsp()
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

const cspMeta = (): Plugin => ({
  name: 'benchphant-csp-meta',
  transformIndexHtml: (html) => html.replace('__BENCHPHANT_CSP__', META_CSP),
});

export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // An inlined font would be a data: URL, which the CSP's default-src refuses; keep every asset a file.
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Zod and the switch that turns its eval-based parsers off travel in one chunk, so the
          // switch runs before any chunk builds a schema, however the screens split the contract.
          groups: [
            {
              name: 'zod',
              test: /node_modules[\\/]zod[\\/]|renderer[\\/]src[\\/]zod-jitless\.ts$/,
            },
          ],
        },
      },
    },
  },
});
