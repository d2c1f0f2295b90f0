/**
 * The routes of the served OpenAPI document, so security suites cover every route there is, including
 * routes added after they were written.
 */
export type Json = Record<string, unknown>;

export interface ApiRoute {
  method: string;
  /** The OpenAPI path, with `{param}` placeholders. */
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: Json }[];
  /** The JSON request body schema, if the route takes one. */
  body: Json | undefined;
  auth: 'org' | 'platform' | 'none';
}

export interface ApiDocument {
  doc: Json;
  routes: ApiRoute[];
}

export async function loadApiRoutes(baseUrl: string): Promise<ApiDocument> {
  const doc = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Json;
  const routes: ApiRoute[] = [];
  for (const [path, ops] of Object.entries(doc['paths'] as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op['parameters'] ?? []) as { name: string; in: string; schema: Json }[];
      const security = JSON.stringify(op['security'] ?? []);
      const content = (op['requestBody'] as { content?: Record<string, { schema: Json }> } | undefined)?.content;
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: content?.['application/json']?.schema,
        auth: security.includes('platformKey') ? 'platform' : security.includes('orgKey') ? 'org' : 'none',
      });
    }
  }
  return { doc, routes };
}

/** The path with each `{param}` replaced by the given, already encoded, segment. */
export function fillPath(path: string, segments: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = segments[name];
    if (v === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return v;
  });
}

/** A `$ref` to the schema it names. */
export function resolveSchema(doc: Json, schema: Json | undefined): Json | undefined {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop()!;
  return ((doc['components'] as Json)['schemas'] as Json)[name] as Json | undefined;
}

/**
 * A value the schema accepts, from its examples, enums and limits: the body a suite sends to a route it
 * has no hand-written body for (a route added later), so the request gets past validation.
 */
export function exampleValue(doc: Json, schema: Json | undefined): unknown {
  const s = resolveSchema(doc, schema);
  if (!s) return {};
  if ('example' in s) return s['example'];
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[])[0];
  const variants = (s['anyOf'] ?? s['oneOf']) as Json[] | undefined;
  if (variants) return exampleValue(doc, variants[0]);
  const type = Array.isArray(s['type']) ? (s['type'] as string[])[0] : s['type'];
  switch (type) {
    case 'string':
      return s['format'] === 'uri' ? 'https://app.example.com/x' : s['format'] === 'date-time' ? '2026-11-22T00:00:00Z' : 'x';
    case 'integer':
    case 'number':
      return typeof s['minimum'] === 'number' ? s['minimum'] : 1;
    case 'boolean':
      return true;
    case 'array':
      return [exampleValue(doc, s['items'] as Json)];
    default: {
      const props = (s['properties'] ?? {}) as Record<string, Json>;
      const required = new Set((s['required'] ?? []) as string[]);
      return Object.fromEntries(Object.entries(props).filter(([k]) => required.has(k)).map(([k, v]) => [k, exampleValue(doc, v)]));
    }
  }
}
