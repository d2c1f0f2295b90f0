import type { MiddlewareHandler } from 'hono';

/**
 * Headers on every settings page. No script runs (`script-src 'none'`): the pages work without
 * JavaScript, so an injected script would not run either. Forms may post only to this origin, and only
 * the origins of TAYORI_FRAME_ANCESTORS may show the pages in a frame.
 */
export function pageSecurityHeaders(frameAncestors: string): MiddlewareHandler {
  const csp = [
    "default-src 'self'",
    "script-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    c.header('content-security-policy', csp);
    c.header('referrer-policy', 'no-referrer');
    c.header('x-content-type-options', 'nosniff');
    // Pages show personal settings: never keep them in a shared or back/forward cache.
    c.header('cache-control', 'no-store');
  };
}
