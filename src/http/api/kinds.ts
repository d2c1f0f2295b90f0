import { createRoute, z } from '@hono/zod-openapi';
import { listKinds, upsertKind } from '../../store/repositories/kinds.js';
import type { AppContext } from '../../usecases/context.js';
import { toJson } from '../json.js';
import { KindInputSchema, KindSchema, errorResponses, jsonBody, jsonResponse, kindKey } from './schemas.js';
import { newRouter, orgSecurity } from './router.js';

export function kindsRoutes(ctx: AppContext) {
  const app = newRouter();

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/kinds/{kind}',
      tags: ['Kinds'],
      summary: 'Create or update a kind of notification',
      security: orgSecurity,
      request: {
        params: z.object({ kind: kindKey.openapi({ param: { name: 'kind', in: 'path' } }) }),
        body: jsonBody(KindInputSchema),
      },
      responses: { 200: jsonResponse(z.object({ kind: KindSchema }), 'The kind'), ...errorResponses },
    }),
    async (c) => {
      const kind = await upsertKind(ctx.db, c.get('orgId'), c.req.valid('param').kind, c.req.valid('json'), ctx.clock.now());
      return c.json(toJson({ kind }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/kinds',
      tags: ['Kinds'],
      summary: "The org's catalogue of kinds",
      security: orgSecurity,
      responses: { 200: jsonResponse(z.object({ kinds: z.array(KindSchema) }), 'Every kind'), ...errorResponses },
    }),
    async (c) => c.json(toJson({ kinds: await listKinds(ctx.db, c.get('orgId')) }), 200),
  );

  return app;
}
