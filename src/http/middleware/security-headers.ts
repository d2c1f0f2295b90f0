import type { MiddlewareHandler } from 'hono';

/** No content may load, no one may frame it: what an API answer (JSON, metrics) needs. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The reference page: its stylesheet from here, nothing else, and no script at all. */
export const DOCS_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Headers on every answer: no MIME sniffing, no referrer (links may carry tokens), and unless a route
 * chose its own (settings pages, stylesheets), a CSP that allows nothing and `no-store`: API answers
 * hold personal data and must stay out of shared and browser caches. Hono sends no `X-Powered-By`.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    if (!c.res.headers.has('content-security-policy')) c.header('content-security-policy', API_CSP);
    if (!c.res.headers.has('cache-control')) c.header('cache-control', 'no-store');
    c.res.headers.delete('x-powered-by');
  };
}
