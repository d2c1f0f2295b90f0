import { createRoute, z } from '@hono/zod-openapi';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { DELIVERY_STATUSES } from '../../domain/delivery.js';
import { UUID_PATTERN } from '../../ids.js';
import { findDelivery, listAttempts, listDeliveries, requeueDelivery } from '../../store/repositories/deliveries.js';
import type { AppContext } from '../../usecases/context.js';
import { toJson } from '../json.js';
import { AttemptSchema, DeliverySchema, errorResponses, hostId, jsonResponse, service } from './schemas.js';
import { newRouter, orgSecurity } from './router.js';

const cursorSchema = z
  .string()
  .max(64)
  .transform((v, ctx) => {
    const id = Buffer.from(v, 'base64url').toString('utf8');
    if (!UUID_PATTERN.test(id)) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor from a previous page' });
      return z.NEVER;
    }
    return id;
  });

const DeliveryIdParam = z.object({ id: z.string().regex(UUID_PATTERN, 'a delivery id').openapi({ param: { name: 'id', in: 'path' } }) });

export function deliveriesRoutes(ctx: AppContext) {
  const app = newRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/deliveries',
      tags: ['Deliveries'],
      summary: 'The delivery log, newest first',
      security: orgSecurity,
      request: {
        query: z.object({
          userId: hostId('userId').optional(),
          status: z.enum(DELIVERY_STATUSES).optional(),
          service: service.optional(),
          eventId: hostId('eventId').optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: cursorSchema.optional().openapi({ type: 'string', description: '`nextCursor` of the previous page' }),
        }),
      },
      responses: {
        200: jsonResponse(z.object({ deliveries: z.array(DeliverySchema), nextCursor: z.string().nullable() }), 'A page of deliveries'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await listDeliveries(ctx.db, c.get('orgId'), {
        userId: q.userId,
        status: q.status,
        service: q.service,
        eventId: q.eventId,
        before: q.cursor,
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const nextCursor = rows.length > q.limit ? Buffer.from(page[page.length - 1]!.id).toString('base64url') : null;
      return c.json(toJson({ deliveries: page, nextCursor }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/deliveries/{id}',
      tags: ['Deliveries'],
      summary: 'One delivery with its attempts',
      security: orgSecurity,
      request: { params: DeliveryIdParam },
      responses: { 200: jsonResponse(DeliverySchema.extend({ attempts: z.array(AttemptSchema) }), 'The delivery'), ...errorResponses },
    }),
    async (c) => {
      const orgId = c.get('orgId');
      const { id } = c.req.valid('param');
      const delivery = await findDelivery(ctx.db, orgId, id);
      if (!delivery) throw new NotFoundError('delivery', id);
      const attempts = await listAttempts(ctx.db, orgId, [id]);
      return c.json(toJson({ ...delivery, attempts: attempts.get(id) ?? [] }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/deliveries/{id}/retry',
      tags: ['Deliveries'],
      summary: 'Queue a failed or dead delivery again, due now',
      security: orgSecurity,
      request: { params: DeliveryIdParam },
      responses: {
        202: jsonResponse(z.object({ delivery: DeliverySchema }), 'Queued again'),
        409: jsonResponse(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'The delivery is not failed or dead'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const orgId = c.get('orgId');
      const { id } = c.req.valid('param');
      const delivery = await requeueDelivery(ctx.db, orgId, id, ctx.clock.now());
      if (!delivery) {
        const current = await findDelivery(ctx.db, orgId, id);
        if (!current) throw new NotFoundError('delivery', id);
        throw new AppError(409, 'not_retryable', `Only failed or dead deliveries can be retried; this one is ${current.status}`);
      }
      ctx.wakeWorkers();
      return c.json(toJson({ delivery }), 202);
    },
  );

  return app;
}
