import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import type { AppContext } from '../usecases/context.js';
import { connectionsRoutes } from './api/connections.js';
import { deliveriesRoutes } from './api/deliveries.js';
import { eventsRoutes } from './api/events.js';
import { kindsRoutes } from './api/kinds.js';
import { noticesRoutes } from './api/notices.js';
import { orgsRoutes } from './api/orgs.js';
import { systemRoutes } from './api/system.js';
import { usersRoutes } from './api/users.js';
import type { AppEnv } from './env.js';
import { orgAuth, platformAuth } from './middleware/auth.js';
import { createErrorHandler, errorResponse } from './middleware/errors.js';
import { guardJson } from './middleware/json-guard.js';
import { DOCS_CSP, securityHeaders } from './middleware/security-headers.js';
import { DOCS_CSS } from './assets/docs-css.js';
import { SETTINGS_CSS } from './assets/settings-css.js';
import { signInLinksRoutes } from './api/sign-in-links.js';
import { settingsPages } from './pages/router.js';
import { apiDocsPage } from './pages/api-docs.js';

/** Largest accepted request body: an event with 1,000 recipients fits many times over. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function createApp(ctx: AppContext) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(createErrorHandler(ctx.logger));
  app.notFound((c) => errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`));

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c) || 'unmatched';
    ctx.metrics.recordHttp(c.req.method, route, c.res.status);
    // Paths hold ids only; no query string (it may carry cursors) and never a header.
    ctx.logger.debug({ method: c.req.method, route, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });
  app.use('*', securityHeaders());

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        // The rest of the body is never read, so this connection cannot carry another request.
        c.header('connection', 'close');
        return errorResponse(c, 413, 'payload_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use('/v1/*', guardJson());
  app.use('/v1/orgs', platformAuth(ctx.adminApiKey));
  app.use('/v1/orgs/*', platformAuth(ctx.adminApiKey));
  const orgKey = orgAuth(ctx.db);
  app.use('/v1/*', async (c, next) => (c.req.path === '/v1/orgs' || c.req.path.startsWith('/v1/orgs/') ? next() : orgKey(c, next)));

  app.route('/', systemRoutes(ctx));
  app.route('/', orgsRoutes(ctx));
  app.route('/', usersRoutes(ctx));
  app.route('/', kindsRoutes(ctx));
  app.route('/', connectionsRoutes(ctx));
  app.route('/', eventsRoutes(ctx));
  app.route('/', deliveriesRoutes(ctx));
  app.route('/', noticesRoutes(ctx));
  app.route('/', signInLinksRoutes(ctx));
  app.route('/settings', settingsPages(ctx));

  app.openAPIRegistry.registerComponent('securitySchemes', 'orgKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'The org API key',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'platformKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'TAYORI_ADMIN_API_KEY',
  });
  const document = () =>
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Tayori API',
        version: '1',
        description: 'Relay your application\'s notifications to Chatwork, Slack and Microsoft Teams.',
      },
      servers: [{ url: ctx.publicUrl }],
    });
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(apiDocsPage(document() as unknown as Record<string, unknown>), 200, { 'content-security-policy': DOCS_CSP }));
  app.get('/assets/docs.css', (c) => c.body(DOCS_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));
  // Its URL carries a content hash (SETTINGS_CSS_URL), so browsers may keep it for a year.
  app.get('/assets/settings.css', (c) => c.body(SETTINGS_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' }));
  return app;
}
