import { createRoute, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../domain/errors.js';
import { SERVICES, type Service } from '../../domain/service.js';
import { deleteUser, findUser, upsertUser } from '../../store/repositories/users.js';
import type { AppContext } from '../../usecases/context.js';
import { getPreferences, savePreferences } from '../../usecases/preferences.js';
import { toJson } from '../json.js';
import { UserIdParam, UserInputSchema, UserSchema, PreferencesSchema, errorResponses, jsonBody, jsonResponse } from './schemas.js';
import { newRouter, orgSecurity } from './router.js';

export function usersRoutes(ctx: AppContext) {
  const app = newRouter();

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/users/{userId}',
      tags: ['Users'],
      summary: 'Create or update a user',
      description: 'Fields left out keep their stored value on update.',
      security: orgSecurity,
      request: { params: UserIdParam, body: jsonBody(UserInputSchema) },
      responses: { 200: jsonResponse(z.object({ user: UserSchema }), 'The user'), ...errorResponses },
    }),
    async (c) => {
      const { user } = await upsertUser(ctx.db, c.get('orgId'), c.req.valid('param').userId, c.req.valid('json'), ctx.clock.now());
      return c.json(toJson({ user }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{userId}',
      tags: ['Users'],
      summary: 'Get a user',
      security: orgSecurity,
      request: { params: UserIdParam },
      responses: { 200: jsonResponse(z.object({ user: UserSchema }), 'The user'), ...errorResponses },
    }),
    async (c) => {
      const { userId } = c.req.valid('param');
      const user = await findUser(ctx.db, c.get('orgId'), userId);
      if (!user) throw new NotFoundError('user', userId);
      return c.json(toJson({ user }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/users/{userId}',
      tags: ['Users'],
      summary: 'Delete a user with their connections, secrets and preferences',
      description: 'Delivery history stays (it holds no secrets); queued deliveries to the user end as skipped.',
      security: orgSecurity,
      request: { params: UserIdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      const { userId } = c.req.valid('param');
      if (!(await deleteUser(ctx.db, c.get('orgId'), userId))) throw new NotFoundError('user', userId);
      return c.body(null, 204);
    },
  );

  const prefResponse = jsonResponse(
    z.object(Object.fromEntries(SERVICES.map((s) => [s, z.array(z.string())])) as Record<Service, z.ZodArray<z.ZodString>>),
    'Per service, the kinds forwarded there',
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/users/{userId}/preferences',
      tags: ['Preferences'],
      summary: "A user's preferences: per service, the kinds forwarded there",
      security: orgSecurity,
      request: { params: UserIdParam },
      responses: { 200: prefResponse, ...errorResponses },
    }),
    async (c) => c.json(await getPreferences(ctx, c.get('orgId'), c.req.valid('param').userId), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/users/{userId}/preferences',
      tags: ['Preferences'],
      summary: 'Set, per service named, the complete list of kinds forwarded there',
      description:
        'Every other kind is off for each service named; services not named keep their choices. A kind created later follows its `defaultOn` until the user chooses.',
      security: orgSecurity,
      request: { params: UserIdParam, body: jsonBody(PreferencesSchema) },
      responses: { 200: prefResponse, ...errorResponses },
    }),
    async (c) => {
      const lists = c.req.valid('json') as Partial<Record<Service, string[]>>;
      return c.json(await savePreferences(ctx, c.get('orgId'), c.req.valid('param').userId, lists), 200);
    },
  );

  return app;
}
