import { z } from 'zod';

/**
 * In browsers, zod validates without generating code. By default zod probes `new Function`
 * (when the first object schema is built) to compile faster validators; the web UI's
 * Content-Security-Policy forbids eval, so the browser would report a CSP violation on every page
 * that loads a schema, although zod then falls back. This module is the first one the package
 * index evaluates, so the setting is in place before any schema is built. Node (the API, the
 * CLI, server rendering) keeps the compiled validators.
 */
export const browserValidatesWithoutEval = 'document' in globalThis;
if (browserValidatesWithoutEval) z.config({ jitless: true });
