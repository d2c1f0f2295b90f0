import { OpenAPIHono } from '@hono/zod-openapi';
import { ValidationError } from '../../domain/errors.js';
import { fieldsFromZod } from '../../usecases/connections.js';
import type { AppEnv } from '../env.js';

/** A router whose validation failures become 422 with every invalid field named. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ValidationError(fieldsFromZod(result.error));
    },
  });
}

export const orgSecurity = [{ orgKey: [] }];
export const platformSecurity = [{ platformKey: [] }];
