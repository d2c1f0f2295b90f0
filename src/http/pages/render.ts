import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';

/** Sends a server-rendered page. Status is explicit so a re-rendered form with errors is a 422, not a 200. */
export function renderPage(c: Context, node: JSX.Element, status = 200): Response {
  return c.html('<!doctype html>' + String(node), status as 200);
}
