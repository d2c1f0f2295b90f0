import { Hono } from 'hono';
import { ping } from '../../store/database.js';
import type { AppContext } from '../../usecases/context.js';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../middleware/errors.js';

/** Liveness, readiness and metrics for operators. */
export function systemRoutes(ctx: AppContext) {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await ping(ctx.db);
      return c.json({ status: 'ready', database: ctx.dbKind });
    } catch {
      return errorResponse(c, 503, 'not_ready', 'The database is not reachable');
    }
  });
  app.get('/metrics', async (c) => {
    const body = await ctx.metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': ctx.metrics.registry.contentType });
  });
  return app;
}
