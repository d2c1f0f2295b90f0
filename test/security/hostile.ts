import fc from 'fast-check';
import { resolveSchema, type ApiRoute, type Json } from '../helpers/openapi.js';

/**
 * Random and hostile request parts for the fuzz suite: strings with the characters that break
 * parsers, databases and terminals, values of the wrong type, objects with prototype keys, invalid
 * JSON, nesting deep enough to overflow a recursive walker, bodies over the size limit.
 */

/** Characters that have bitten someone: control characters, bidi overrides, lone surrogates, separators. */
const nasty = fc.constantFrom(
  '\u0000', '\u0001', '\u0008', '\u001b', '\u007f', '\u0085', '\u00a0', '\u200b', '\u200e', '\u202e', '\u2066',
  '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\ud800', '\udfff', '\ud83d', '😀', '👨‍👩‍👧', 'é', 'é', 'ｱ', '日本',
  '<', '>', '&', '"', "'", '`', '\\', '/', '%', '%00', '..', '\n', '\r\n', '\t', ' ', '{', '}', '[', ']', ':', ',',
  '$', '#', '?', '@', '*', '|', ';', '--', '/*', '${x}', '{{x}}', '[toall]', '<!channel>', '<at>x</at>',
);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.oneof(nasty, fc.string({ minLength: 1, maxLength: 1 })), maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'undefined', 'true', '0', '-1', '1e309', 'NaN', '__proto__', 'constructor', 'tyr_AAAAAAAA') },
  { weight: 1, arbitrary: fc.constantFrom(300, 5_000, 70_000).map((n) => 'あ'.repeat(n)) },
);

/** Percent-encodes any string, lone surrogates included (as UTF-8 does: U+FFFD); encodeURIComponent throws on those. */
export function pct(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Keys that have polluted prototypes elsewhere, and keys that look like ours. */
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'enabled', 'orgId', 'org_id'), hostileString);

/** A value of any JSON type, including the ones a field does not expect. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -0, -1, 2 ** 53, 1e308, -1e308, 1.5),
  hostileString,
  fc.constantFrom('123', '1e3', 'true', '[]', '{}'),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }).map((d) => Object.fromEntries(Object.entries(d))),
);

/** An object with own data properties only: `__proto__` stays a key (as JSON.parse makes it), not a prototype. */
const ownObject = (entries: [string, unknown][]) => Object.fromEntries(entries);

/** Values shaped by the schema (so requests get past the first check) with hostile contents and wrong types mixed in. */
export function fromSchema(doc: Json, schema: Json | undefined, pools: Record<string, string[]>, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveSchema(doc, schema);
  if (!s || depth > 5) return anyJson;
  const typed = typedFromSchema(doc, s, pools, depth);
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: anyJson });
}

function typedFromSchema(doc: Json, s: Json, pools: Record<string, string[]>, depth: number): fc.Arbitrary<unknown> {
  const variants = (s['anyOf'] ?? s['oneOf']) as Json[] | undefined;
  if (variants) return fc.oneof(...variants.map((v) => fromSchema(doc, v, pools, depth + 1)));
  if (Array.isArray(s['enum'])) return fc.constantFrom(...(s['enum'] as unknown[]));
  const type = Array.isArray(s['type']) ? (s['type'] as string[]).find((t) => t !== 'null') : (s['type'] as string | undefined);
  switch (type) {
    case 'string': {
      const max = typeof s['maxLength'] === 'number' ? s['maxLength'] : 64;
      const good = typeof s['example'] === 'string' ? [s['example']] : [];
      return fc.oneof(
        { weight: 3, arbitrary: good.length > 0 ? fc.constantFrom(...good) : fc.string({ minLength: 1, maxLength: 20 }) },
        { weight: 3, arbitrary: hostileString },
        { weight: 1, arbitrary: fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1)) },
        { weight: 1, arbitrary: fc.constantFrom(...Object.values(pools).flat()) },
        { weight: 1, arbitrary: fc.constantFrom('https://hooks.slack.com/services/T1/B1/x', 'http://127.0.0.1:1/x', 'javascript:alert(1)', 'file:///etc/passwd', '2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59+14:00', '+275760-09-13T00:00:00Z') },
      );
    }
    case 'integer':
    case 'number':
      return fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e308, 0.5));
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = fromSchema(doc, s['items'] as Json, pools, depth + 1);
      return fc.oneof({ weight: 5, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: item.map((v) => Array.from({ length: 1001 }, () => v)) });
    }
    case 'object':
    default: {
      const props = (s['properties'] ?? {}) as Record<string, Json>;
      const required = (s['required'] ?? []) as string[];
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(doc, v, pools, depth + 1)]));
      const record = fc.oneof(fc.record(model, { requiredKeys: required }), fc.record(model, { requiredKeys: [] }));
      const extra = fc.array(fc.tuple(hostileKey, anyJson), { maxLength: 2 });
      return fc.tuple(record, extra, fc.integer({ min: 0, max: 5 })).map(([r, more, n]) => (n === 0 ? ownObject([...Object.entries(r), ...more]) : r));
    }
  }
}

/** Bodies that are not JSON at all, or JSON no parser should take lightly. */
const brokenBody = fc.oneof(
  fc.constantFrom('', ' ', '{', '{"a":', 'nul', '[1,]', '{"a":1}{"b":2}', '\ufeff{}', "{'a':1}", '{"a":1,"a":2}', 'NaN', '1e999', '"\\ud800"', '"\\u0000"', '{"name":"\\u0000"}'),
  hostileString,
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  fc.constantFrom('{"__proto__":{"admin":true},"name":"x"}', '{"constructor":{"prototype":{"admin":true}},"name":"x"}'),
);

/** Nesting deep enough to overflow any recursive walk, with a NUL at the bottom to invite one. */
const deepBody = fc.tuple(fc.constantFrom(1_000, 50_000, 200_000), fc.boolean()).map(([depth, asArray]) =>
  asArray ? `${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"\\u0000"${'}'.repeat(depth)}`,
);

/** Just under and over the 1 MiB limit. */
const hugeBody = fc.constantFrom(1_000_000, 1_100_000).map((n) => JSON.stringify({ name: 'x'.repeat(n) }));

export function bodyArb(doc: Json, route: ApiRoute, pools: Record<string, string[]>): fc.Arbitrary<string | Buffer | undefined> {
  const shaped = route.body ? fromSchema(doc, route.body, pools).map((v) => JSON.stringify(v) ?? 'null') : fc.json();
  return fc.oneof(
    { weight: route.body ? 12 : 2, arbitrary: shaped },
    { weight: route.body ? 0 : 6, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 2, arbitrary: brokenBody },
    { weight: 1, arbitrary: deepBody },
    { weight: 1, arbitrary: hugeBody },
  );
}

/** A path segment: a known id (to reach the handler's depth), or something hostile, percent-encoded or raw. */
export function segmentArb(name: string, pools: Record<string, string[]>): fc.Arbitrary<string> {
  const known = pools[name] ?? ['x'];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known).map(pct) },
    { weight: 3, arbitrary: hostileString.filter((s) => s.length < 3000).map(pct) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%C0%AF', '%ED%A0%80', '%FF%FE', '%00', '%2e%2e', '..', '.', '%2F', '~', 'a%0Ab', 'a%0D%0Ab') },
    { weight: 1, arbitrary: fc.constantFrom(200, 3_000, 8_000).map((n) => 'a'.repeat(n)) },
  );
}

export function queryArb(route: ApiRoute, doc: Json, pools: Record<string, string[]>): fc.Arbitrary<string> {
  const names = [...route.queryParams.map((p) => p.name), 'cursor', 'orgId', '__proto__'];
  const pair = fc.tuple(
    fc.oneof(fc.constantFrom(...names), hostileString),
    fc.oneof(hostileString, fc.constantFrom(...Object.values(pools).flat(), '0', '-1', '201', '1e3', 'AAAA', '!!', 'queued')),
  );
  const pairs = route.queryParams.length > 0 ? fc.array(pair, { maxLength: 5 }) : fc.array(pair, { maxLength: 2 });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 4, arbitrary: pairs.map((ps) => (ps.length === 0 ? '' : `?${ps.map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&')}`)) },
    { weight: 1, arbitrary: fc.constantFrom('?%', '?a=%ZZ', '?limit=1&limit=2', '?cursor=%00', `?x=${'y'.repeat(6000)}`) },
  );
}

export const contentTypeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'application/merge-patch+json',
      'application/vnd.api+json',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/xml',
      'json',
      '',
      undefined,
    ),
  },
);
