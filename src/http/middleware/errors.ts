import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../logger.js';

/** Every error leaves in the shape of PRODUCT §3; anything unexpected is a 500 that names no internals. */
export function errorResponse(c: Context, status: number, code: string, message: string, details?: unknown) {
  return c.json({ error: { code, message, ...(details === undefined ? {} : { details }) } }, status as 400);
}

export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof AppError) return errorResponse(c, err.status, err.code, err.message, err.details);
    if (err instanceof HTTPException) {
      const status = err.status;
      const code =
        status === 400 ? 'malformed_request' : status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 401 ? 'unauthorized' : 'http_error';
      const message =
        status === 415 ? 'Send the body as JSON with Content-Type: application/json' : err.message || 'Request could not be processed';
      return errorResponse(c, status, code, message);
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
    return errorResponse(c, 500, 'internal_error', 'Something went wrong on our side; the request was not completed');
  };
}
