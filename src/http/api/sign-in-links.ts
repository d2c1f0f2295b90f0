import { createRoute, z } from '@hono/zod-openapi';
import { createSignInLink, SETTINGS_REDIRECT_PATTERN, SIGN_IN_LINK_TTL_MS } from '../../usecases/sign-in.js';
import type { AppContext } from '../../usecases/context.js';
import { UserIdParam, errorResponses, jsonResponse } from './schemas.js';
import { newRouter, orgSecurity } from './router.js';

const SignInLinkInput = z
  .object({
    redirect: z
      .string()
      .max(200)
      .regex(SETTINGS_REDIRECT_PATTERN, 'a path under /settings, such as /settings/services/slack')
      .optional()
      .describe('Page to open after sign-in (default: /settings, 通知設定)'),
    locale: z.enum(['ja', 'en']).optional().describe("Page language for this session (default: the user's locale)"),
  })
  .strict()
  .openapi('SignInLinkInput');

const SignInLinkSchema = z
  .object({
    url: z.string().describe('Open it (redirect the browser) at once: it works once and expires'),
    expiresAt: z.string(),
  })
  .openapi('SignInLink');

/** `POST /v1/users/{userId}/sign-in-links`: how the host application opens 通知設定 for one of its users. */
export function signInLinksRoutes(ctx: AppContext) {
  const app = newRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/users/{userId}/sign-in-links',
      tags: ['Users'],
      summary: "A single-use link that opens the user's settings pages",
      description: `Create it server-side when the user clicks 通知設定 in your application and redirect the browser to \`url\`. It works once and expires after ${SIGN_IN_LINK_TTL_MS / 60_000} minutes; the body is optional.`,
      security: orgSecurity,
      request: {
        params: UserIdParam,
        body: { required: false, content: { 'application/json': { schema: SignInLinkInput } } },
      },
      responses: { 201: jsonResponse(SignInLinkSchema, 'The link'), ...errorResponses },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const link = await createSignInLink(ctx, c.get('orgId'), c.req.valid('param').userId, body);
      return c.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, 201);
    },
  );
  return app;
}
