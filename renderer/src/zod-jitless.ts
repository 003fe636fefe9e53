// Runs first in the renderer, before any schema is built. Zod compiles object parsers with
// `new Function` unless told not to; the CSP forbids eval and reports even Zod's probe for it.
import { z } from 'zod';

z.config({ jitless: true });
