import { Agent, request } from 'undici';

/**
 * The yardstick: a plain HTTP client posting the same payloads to the same emulator, 64 at a time on
 * keep-alive connections, with nothing else to do. Returns posts per second.
 */
export async function rawPosts(urls: string[], body: string, concurrency = 64): Promise<number> {
  const agent = new Agent({ connections: 256, keepAliveTimeout: 30_000 });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const res = await request(url, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher: agent });
        await res.body.text();
        if (res.statusCode >= 300) throw new Error(`raw client got ${res.statusCode}`);
      }
    }),
  );
  const rate = urls.length / ((performance.now() - t0) / 1000);
  await agent.close();
  return rate;
}
