import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../domain/errors.js';
import type { Service } from '../../domain/service.js';
import { UUID_PATTERN } from '../../ids.js';
import { listNotices, markNoticeRead } from '../../store/repositories/notices.js';
import { findUser } from '../../store/repositories/users.js';
import { describeFailure } from '../../usecases/connections.js';
import type { AppContext } from '../../usecases/context.js';
import { toJson } from '../json.js';
import { UserIdParam, errorResponses, jsonResponse } from './schemas.js';
import { newRouter, orgSecurity } from './router.js';

const NoticeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['connection_broken']).or(z.string()),
    service: z.string().nullable(),
    reason: z.string().nullable(),
    message: z.string().nullable().openapi({ description: "What happened and what to do, in the user's language" }),
    deliveryId: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notice');

/** What Tayori has to tell a user, such as a connection that stopped working (PRODUCT §5). */
export function noticesRoutes(ctx: AppContext) {
  const app = newRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{userId}/notices',
      tags: ['Notices'],
      summary: "A user's notices, newest first (for example a connection that broke)",
      security: orgSecurity,
      request: { params: UserIdParam },
      responses: { 200: jsonResponse(z.object({ notices: z.array(NoticeSchema) }), 'Notices'), ...errorResponses },
    }),
    async (c) => {
      const orgId = c.get('orgId');
      const { userId } = c.req.valid('param');
      const user = await findUser(ctx.db, orgId, userId);
      if (!user) throw new NotFoundError('user', userId);
      const notices = await listNotices(ctx.db, orgId, userId);
      return c.json(
        toJson({
          notices: notices.map((n) => {
            const channel = n.service ? ctx.channels.get(n.service as Service) : undefined;
            return { ...n, message: channel && n.reason ? describeFailure(channel, n.reason, user.locale) : null };
          }),
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{userId}/notices/{id}/read',
      tags: ['Notices'],
      summary: 'Mark a notice as read',
      security: orgSecurity,
      request: { params: UserIdParam.extend({ id: z.string().regex(UUID_PATTERN).openapi({ param: { name: 'id', in: 'path' } }) }) },
      responses: { 204: { description: 'Marked' }, ...errorResponses },
    }),
    async (c) => {
      const { userId, id } = c.req.valid('param');
      if (!(await markNoticeRead(ctx.db, c.get('orgId'), userId, id, ctx.clock.now()))) throw new NotFoundError('notice', id);
      return c.body(null, 204);
    },
  );

  return app;
}
