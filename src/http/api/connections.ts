import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../domain/errors.js';
import { SERVICE_LABELS, type Service } from '../../domain/service.js';
import { deleteConnection, listConnections } from '../../store/repositories/connections.js';
import { findUser } from '../../store/repositories/users.js';
import { getConnection, putConnection, testConnection, toView } from '../../usecases/connections.js';
import type { AppContext } from '../../usecases/context.js';
import { toJson } from '../json.js';
import { ConnectionSchema, TestResultSchema, UserIdParam, errorResponses, jsonBody, jsonResponse } from './schemas.js';
import { newRouter, orgSecurity } from './router.js';

export function connectionsRoutes(ctx: AppContext) {
  const app = newRouter();
  const ServiceParam = UserIdParam.extend({
    // A plain string: an unknown service is a 404 (from the use case), not a validation error.
    service: z
      .string()
      .max(32)
      .openapi({ param: { name: 'service', in: 'path' }, description: `One of: ${ctx.channels.services().join(', ')}` }),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{userId}/connections',
      tags: ['Connections'],
      summary: "A user's connections, secrets masked",
      security: orgSecurity,
      request: { params: UserIdParam },
      responses: { 200: jsonResponse(z.object({ connections: z.array(ConnectionSchema) }), 'Connections'), ...errorResponses },
    }),
    async (c) => {
      const orgId = c.get('orgId');
      const { userId } = c.req.valid('param');
      const user = await findUser(ctx.db, orgId, userId);
      if (!user) throw new NotFoundError('user', userId);
      const rows = await listConnections(ctx.db, orgId, [userId]);
      return c.json(toJson({ connections: rows.map((r) => toView(ctx, r, user.locale)) }), 200);
    },
  );

  // One PUT per service, so each documents and validates its own fields.
  for (const channel of ctx.channels.all()) {
    const body = channel.connection.inputSchema
      .extend({ enabled: z.boolean().optional().describe('Deliver to this connection (default: true for a new one)') })
      .strict()
      .openapi(`${channel.service[0]!.toUpperCase()}${channel.service.slice(1)}ConnectionInput`);
    app.openapi(
      createRoute({
        method: 'put',
        path: `/v1/users/{userId}/connections/${channel.service}`,
        tags: ['Connections'],
        summary: `Save the user's personal ${SERVICE_LABELS[channel.service]} connection`,
        description: 'A secret field left out on update keeps the stored value. The answer masks every secret.',
        security: orgSecurity,
        request: { params: UserIdParam, body: jsonBody(body) },
        responses: { 200: jsonResponse(ConnectionSchema, 'The saved connection'), ...errorResponses },
      }),
      async (c) => {
        const view = await putConnection(ctx, c.get('orgId'), c.req.valid('param').userId, channel.service, c.req.valid('json'));
        return c.json(toJson(view), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{userId}/connections/{service}',
      tags: ['Connections'],
      summary: 'One connection, secrets masked',
      security: orgSecurity,
      request: { params: ServiceParam },
      responses: { 200: jsonResponse(ConnectionSchema, 'The connection'), ...errorResponses },
    }),
    async (c) => {
      const { userId, service } = c.req.valid('param');
      return c.json(toJson(await getConnection(ctx, c.get('orgId'), userId, service)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/users/{userId}/connections/{service}',
      tags: ['Connections'],
      summary: 'Remove a connection and its secrets',
      security: orgSecurity,
      request: { params: ServiceParam },
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    }),
    async (c) => {
      const { userId, service } = c.req.valid('param');
      const orgId = c.get('orgId');
      await getConnection(ctx, orgId, userId, service); // 404 for an unknown service, user or connection
      await deleteConnection(ctx.db, orgId, userId, service as Service);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{userId}/connections/{service}/test',
      tags: ['Connections'],
      summary: 'Send a real test message now',
      description: '`ok: false` carries `reason` (auth, not_found, …), the service `code` and a `message` in the user\'s language saying what to fix.',
      security: orgSecurity,
      request: { params: ServiceParam },
      responses: { 200: jsonResponse(TestResultSchema, 'The result of the test'), ...errorResponses },
    }),
    async (c) => {
      const { userId, service } = c.req.valid('param');
      return c.json(await testConnection(ctx, c.get('orgId'), userId, service), 200);
    },
  );

  return app;
}
