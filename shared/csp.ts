// Runs in every process that serves the renderer: the Electron main process and the headless
// server. The one Content-Security-Policy; it must never be loosened in one place only.

/** Directive name → sources. 'self' also covers the page's own ws:/wss: origin (CSP Level 3). */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  // The app posts no HTML form anywhere: a form injected into a page cannot send data away either.
  ['form-action', "'none'"],
  // Only honoured in a header (a <meta> policy ignores it with a console warning).
  ['frame-ancestors', "'none'"],
];

export const CSP_HEADER = 'Content-Security-Policy';

/**
 * The policy as one header value. The headless server's login page is the one page with a form:
 * it posts the password to its own origin, so that page alone may allow `form-action 'self'`.
 */
export function buildCsp(opts: { formToSelf?: boolean } = {}): string {
  return DIRECTIVES.map(([name, sources]) =>
    name === 'form-action' && opts.formToSelf ? `${name} 'self'` : `${name} ${sources}`,
  ).join('; ');
}
