import type { MiddlewareHandler } from 'hono';
import { AppError, ValidationError } from '../../domain/errors.js';

/**
 * Deepest nesting a JSON body may have. Our deepest body is three levels (`recipients[i].kind`);
 * 64 leaves room and keeps every walk over a body, ours or a library's, far from the stack limit
 * (a 200,000-deep array of 400 KB overflowed the recursive NUL search below, a 500).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Checks JSON bodies before anything parses them into handlers:
 * - nesting deeper than MAX_JSON_DEPTH is refused (400) without building the value;
 * - PostgreSQL cannot store U+0000 in text or jsonb, so a NUL anywhere is refused up front with the
 *   field named (422), instead of failing deep in the database.
 */
export function guardJson(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && c.req.header('content-type')?.toLowerCase().includes('json')) {
      const raw = await c.req.text();
      if (exceedsDepth(raw, MAX_JSON_DEPTH)) {
        throw new AppError(400, 'malformed_request', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      if (raw.includes('\\u0000') || raw.includes('\0')) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = undefined; // the validator reports malformed JSON
        }
        const path = parsed === undefined ? undefined : findNul(parsed);
        if (path) {
          throw new ValidationError([{ field: path.join('.') || '(body)', message: 'must not contain the NUL character (U+0000)', code: 'invalid_characters' }]);
        }
      }
    }
    await next();
  };
}

/** One pass over the text, counting brackets outside strings: no parse, no recursion. */
export function exceedsDepth(raw: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return true;
    } else if (ch === 0x7d || ch === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** The path of the first string or key holding a NUL; iterative, so no body can overflow the stack. */
export function findNul(root: unknown): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\0')) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (const [k] of entries) if (k.includes('\0')) return [...path, k];
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return undefined;
}
