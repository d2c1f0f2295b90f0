import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../../usecases/context.js';
import { acceptEvent, getEventDetail } from '../../usecases/events.js';
import { toJson } from '../json.js';
import { EventAcceptedSchema, EventDetailSchema, EventInputSchema, errorResponses, hostId, jsonBody, jsonResponse } from './schemas.js';
import { newRouter, orgSecurity } from './router.js';

export function eventsRoutes(ctx: AppContext) {
  const app = newRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/events',
      tags: ['Events'],
      summary: 'Send an event to its recipients',
      description:
        'Routes the event to every recipient\'s enabled, healthy connections whose preferences hold the kind, and commits the event and its deliveries before answering 202. ' +
        'Sending the same `id` again creates nothing and answers the same plan with `duplicate: true`.',
      security: orgSecurity,
      request: { body: jsonBody(EventInputSchema) },
      responses: {
        202: jsonResponse(EventAcceptedSchema, 'Accepted: the deliveries planned and the recipients skipped, with reasons'),
        ...errorResponses,
      },
    }),
    async (c) => c.json(toJson(await acceptEvent(ctx, c.get('orgId'), c.req.valid('json'))), 202),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/events/{id}',
      tags: ['Events'],
      summary: 'An event with its deliveries, statuses and attempts',
      security: orgSecurity,
      request: { params: z.object({ id: hostId('id').openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 200: jsonResponse(EventDetailSchema, 'The event'), ...errorResponses },
    }),
    async (c) => c.json(toJson(await getEventDetail(ctx, c.get('orgId'), c.req.valid('param').id)), 200),
  );

  return app;
}
