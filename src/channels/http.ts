import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import type { Failure, FailureReason, SendResult } from './channel.js';

/**
 * Outbound HTTP for every channel: one keep-alive pool per origin, no redirects (a webhook that
 * redirects is not followed anywhere), a timeout on every request, and response bodies read only
 * up to a cap.
 */
export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 64 * 1024;

let sharedAgent: Agent | undefined;

export function outboundAgent(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    connections: 256,
    headersTimeout: DEFAULT_TIMEOUT_MS,
    bodyTimeout: DEFAULT_TIMEOUT_MS,
    connect: { timeout: DEFAULT_TIMEOUT_MS },
  });
  return sharedAgent;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, cut at 64 KiB. */
  text: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/** Thrown for transport failures; `reason` is already classified. Holds no URL and no secret. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly reason: 'timeout' | 'network',
    readonly code: string,
  ) {
    super(`${reason}: ${code}`);
  }
}

export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal,
      dispatcher: req.dispatcher ?? outboundAgent(),
    });
    return { status: res.statusCode, headers: flattenHeaders(res.headers), text: await readCapped(res.body) };
  } catch (err) {
    // Our own timeout, or the caller's deadline (tests, the test button): both mean "no answer in time".
    throw classifyTransportError(err, signal.aborted);
  }
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size + buf.length > MAX_BODY_BYTES) {
      chunks.push(buf.subarray(0, MAX_BODY_BYTES - size));
      body.destroy();
      break;
    }
    chunks.push(buf);
    size += buf.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function classifyTransportError(err: unknown, timedOut: boolean): TransportError {
  if (timedOut) return new TransportError('timeout', 'timeout');
  if (err instanceof undiciErrors.HeadersTimeoutError) return new TransportError('timeout', 'headers_timeout');
  if (err instanceof undiciErrors.BodyTimeoutError) return new TransportError('timeout', 'body_timeout');
  if (err instanceof undiciErrors.ConnectTimeoutError) return new TransportError('timeout', 'connect_timeout');
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  if ((err as Error)?.name === 'AbortError') return new TransportError('network', 'aborted');
  return new TransportError('network', typeof code === 'string' ? code : 'network_error');
}

/** `Retry-After` as seconds or an HTTP date → milliseconds from now; undefined when absent or unusable. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** A short excerpt of a response body for the attempt log, with secrets and URLs removed. */
export function excerpt(text: string, secrets: readonly string[] = [], max = 300): string {
  return redact(text, secrets).replace(/\s+/g, ' ').trim().slice(0, max);
}

const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/g;

/** Removes every given secret and any URL (webhook URLs are secrets) from a text. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.split(s).join('[redacted]');
  }
  return out.replace(URL_IN_TEXT, '[url]');
}

/** The failure for a transport error: always worth retrying. */
export function transportFailure(err: TransportError): Failure {
  return { ok: false, retryable: true, reason: err.reason, code: err.code, detail: err.code };
}

/** Runs a send and turns transport errors into a classified result; other errors are bugs and propagate. */
export async function guardTransport(fn: () => Promise<SendResult>): Promise<SendResult> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TransportError) return transportFailure(err);
    throw err;
  }
}

/**
 * A 3xx answer. `request` never follows redirects (and we never turn that on): the Location may be any
 * host, and a webhook that moves is not ours to follow. The caller decides what it means: a webhook
 * that redirects no longer works (`not_found`: the connection breaks and the user pastes the current
 * URL); the Chatwork API base redirecting is the operator's setting (`bad_request`). The Location is
 * never recorded: it may carry a credential of its own.
 */
export function redirectFailure(status: number, reason: 'not_found' | 'bad_request'): Failure {
  return { ok: false, retryable: false, reason, code: 'redirected', status, detail: `HTTP ${status} redirect, not followed` };
}

export const isRedirect = (status: number) => status >= 300 && status < 400;

/** A service's error code as we show and store it: a short identifier, or `http_<status>` when the body is anything else. */
export function serviceCode(text: string, status: number): string {
  const code = text.trim();
  return /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : `http_${status}`;
}

/** Default mapping of HTTP statuses for services without a more specific table. */
export function reasonForStatus(status: number): { reason: FailureReason; retryable: boolean } {
  if (status === 429) return { reason: 'rate_limited', retryable: true };
  if (status === 401 || status === 403) return { reason: 'auth', retryable: false };
  if (status === 404 || status === 410) return { reason: 'not_found', retryable: false };
  if (status === 408) return { reason: 'timeout', retryable: true };
  if (status >= 500) return { reason: 'server', retryable: true };
  return { reason: 'bad_request', retryable: false };
}
