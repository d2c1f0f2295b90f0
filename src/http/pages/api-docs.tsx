import type { FC } from 'hono/jsx';

/**
 * `GET /docs`: the API reference, rendered on the server from the same OpenAPI document that
 * `/openapi.json` serves. No CDN, no script: it works offline and behind strict CSPs.
 */
type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function resolve(doc: Json, schema: Json | undefined): Json | undefined {
  const ref = schema?.['$ref'];
  if (typeof ref !== 'string') return schema;
  const name = ref.split('/').pop()!;
  return ((doc['components'] as Json)?.['schemas'] as Json)?.[name] as Json | undefined;
}

function typeOf(doc: Json, schema: Json | undefined): string {
  const s = resolve(doc, schema);
  if (!s) return 'any';
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in s) return JSON.stringify(s['const']);
  const variants = (s['anyOf'] ?? s['oneOf']) as Json[] | undefined;
  if (variants) return variants.map((v) => typeOf(doc, v)).join(' | ');
  const t = s['type'];
  if (t === 'array') return `${typeOf(doc, s['items'] as Json)}[]`;
  if (Array.isArray(t)) return t.join(' | ');
  return typeof t === 'string' ? t : 'object';
}

const SchemaTable: FC<{ doc: Json; schema: Json | undefined; depth?: number }> = ({ doc, schema, depth = 0 }) => {
  const s = resolve(doc, schema);
  const props = s?.['properties'] as Record<string, Json> | undefined;
  if (!props || depth > 3) return <code>{typeOf(doc, schema)}</code>;
  const required = new Set((s?.['required'] as string[] | undefined) ?? []);
  return (
    <table>
      <thead>
        <tr>
          <th>field</th>
          <th>type</th>
          <th>notes</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(props).map(([name, p]) => {
          const inner = resolve(doc, p);
          const nested = inner?.['type'] === 'object' && inner['properties'];
          return (
            <tr>
              <td>
                <code>{name}</code>
                {required.has(name) ? <span class="req"> required</span> : null}
              </td>
              <td>{nested ? <SchemaTable doc={doc} schema={inner} depth={depth + 1} /> : <code>{typeOf(doc, p)}</code>}</td>
              <td>{String(inner?.['description'] ?? '')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
};

export function apiDocsPage(doc: Json) {
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, Json>>;
  const ops = Object.entries(paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })),
  );
  const tags = [...new Set(ops.map((o) => ((o.op['tags'] as string[]) ?? ['Other'])[0]!))];
  const info = doc['info'] as Json;
  return (
    '<!doctype html>' +
    (
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Tayori API reference</title>
          <link rel="stylesheet" href="/assets/docs.css" />
        </head>
        <body>
          <nav>
            <strong>Tayori API</strong>
            <ul>
              {tags.map((t) => (
                <li>
                  <a href={`#${t}`}>{t}</a>
                </li>
              ))}
            </ul>
            <p>
              <a href="/openapi.json">openapi.json</a>
            </p>
          </nav>
          <main>
            <h1>{String(info['title'])}</h1>
            <p>{String(info['description'] ?? '')}</p>
            <p>
              Every org endpoint takes <code>Authorization: Bearer &lt;org API key&gt;</code>. Errors are{' '}
              <code>{'{"error": {"code", "message", "details"}}'}</code>; 422 names each invalid field in{' '}
              <code>details.fields</code>.
            </p>
            {tags.map((tag) => (
              <section id={tag}>
                <h2>{tag}</h2>
                {ops
                  .filter((o) => ((o.op['tags'] as string[]) ?? ['Other'])[0] === tag)
                  .map(({ path, method, op }) => {
                    const params = (op['parameters'] as Json[] | undefined) ?? [];
                    const body = ((op['requestBody'] as Json)?.['content'] as Json)?.['application/json'] as Json | undefined;
                    const responses = (op['responses'] ?? {}) as Record<string, Json>;
                    return (
                      <article>
                        <h3>
                          <span class={`m m-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
                        </h3>
                        <p>{String(op['summary'] ?? '')}</p>
                        {op['description'] ? <p class="desc">{String(op['description'])}</p> : null}
                        {params.length > 0 ? (
                          <>
                            <h4>Parameters</h4>
                            <table>
                              <tbody>
                                {params.map((p) => (
                                  <tr>
                                    <td>
                                      <code>{String(p['name'])}</code> <span class="in">{String(p['in'])}</span>
                                    </td>
                                    <td>
                                      <code>{typeOf(doc, p['schema'] as Json)}</code>
                                    </td>
                                    <td>{String((p['schema'] as Json)?.['description'] ?? p['description'] ?? '')}</td>
                                  </tr>
                                ))}
                              </tbody>
                            </table>
                          </>
                        ) : null}
                        {body ? (
                          <>
                            <h4>Request body</h4>
                            <SchemaTable doc={doc} schema={body['schema'] as Json} />
                          </>
                        ) : null}
                        <h4>Responses</h4>
                        <ul class="responses">
                          {Object.entries(responses).map(([code, r]) => (
                            <li>
                              <code>{code}</code> {String(r['description'] ?? '')}
                            </li>
                          ))}
                        </ul>
                      </article>
                    );
                  })}
              </section>
            ))}
          </main>
        </body>
      </html>
    ).toString()
  );
}
