import { createRoute, z } from '@hono/zod-openapi';
import { AppError, NotFoundError } from '../../domain/errors.js';
import { API_KEY_PREFIX_PATTERN, generateApiKey, hashApiKey } from '../../security/api-keys.js';
import { insertApiKey, revokeApiKey } from '../../store/repositories/api-keys.js';
import { findOrg, insertOrg } from '../../store/repositories/orgs.js';
import type { AppContext } from '../../usecases/context.js';
import { toJson } from '../json.js';
import { errorResponses, jsonBody, jsonResponse, orgId, text } from './schemas.js';
import { newRouter, platformSecurity } from './router.js';

const OrgSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).openapi('Org');
const OrgIdParam = z.object({ id: orgId.openapi({ param: { name: 'id', in: 'path' } }) });
const ApiKeySchema = z.string().openapi({ description: 'Shown once: only its hash is stored', example: 'tyr_Ab12Cd34_…' });

/** Platform endpoints: a multi-tenant host application provisions one org per customer. */
export function orgsRoutes(ctx: AppContext) {
  const app = newRouter();

  async function newKey(id: string) {
    const { key, prefix } = generateApiKey();
    await insertApiKey(ctx.db, { prefix, orgId: id, hash: hashApiKey(key), createdAt: ctx.clock.now() });
    return { apiKey: key, prefix };
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/orgs',
      tags: ['Platform'],
      summary: 'Create an org and its first API key',
      security: platformSecurity,
      request: { body: jsonBody(z.object({ id: orgId, name: text(200, 1) }).strict()) },
      responses: {
        201: jsonResponse(z.object({ org: OrgSchema, apiKey: ApiKeySchema, prefix: z.string() }), 'Created'),
        409: jsonResponse(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), 'An org with this id exists'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { id, name } = c.req.valid('json');
      const org = { id, name, createdAt: ctx.clock.now() };
      if (!(await insertOrg(ctx.db, org))) throw new AppError(409, 'org_exists', `An org with id '${id}' already exists`);
      return c.json(toJson({ org, ...(await newKey(id)) }), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/orgs/{id}/api-keys',
      tags: ['Platform'],
      summary: 'Issue another API key for an org (for rotation)',
      security: platformSecurity,
      request: { params: OrgIdParam },
      responses: { 201: jsonResponse(z.object({ apiKey: ApiKeySchema, prefix: z.string() }), 'Issued'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!(await findOrg(ctx.db, id))) throw new NotFoundError('org', id);
      return c.json(await newKey(id), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/orgs/{id}/api-keys/{prefix}',
      tags: ['Platform'],
      summary: 'Revoke an API key by its prefix',
      security: platformSecurity,
      request: {
        params: OrgIdParam.extend({
          prefix: z
            .string()
            .regex(API_KEY_PREFIX_PATTERN, 'the prefix of an API key, such as tyr_Ab12Cd34')
            .openapi({ param: { name: 'prefix', in: 'path' }, example: 'tyr_Ab12Cd34' }),
        }),
      },
      responses: { 204: { description: 'Revoked' }, ...errorResponses },
    }),
    async (c) => {
      const { id, prefix } = c.req.valid('param');
      if (!(await revokeApiKey(ctx.db, id, prefix, ctx.clock.now()))) throw new NotFoundError('active API key', prefix);
      return c.body(null, 204);
    },
  );

  return app;
}
