import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Channel, SendResult, Target } from '../../src/channels/channel.js';
import type { Message } from '../../src/domain/message.js';
import type { FaultScript } from '../../emulators/kit/script.js';

/**
 * The contract every channel passes (DESIGN.md, after Hono's common.case.test.ts): delivered on 2xx,
 * permanent on refusal, retryable on 5xx / network / 429 (with its delay), a timeout is a timeout, and
 * no secret appears in any result, error or detail.
 */
export interface ContractFixture {
  channel: Channel;
  /** A working destination on the emulator. */
  target: () => Promise<Target>;
  /** Makes the destination refuse for good (revoked token, deleted webhook…); returns the expected reason. */
  breakTarget: (target: Target) => Promise<'auth' | 'not_found'>;
  script: FaultScript;
  /** How the service spells a rate-limit answer: status and headers giving `retryAfterSec`. */
  rateLimitAnswer: (retryAfterSec: number) => { status: number; body: string; headers: Record<string, string>; contentType?: string };
  /** Messages the emulator accepted for this target. */
  received: (target: Target) => number;
  /** Every secret in the target, to be found nowhere. */
  secrets: (target: Target) => string[];
  close: () => Promise<void>;
}

export const sampleMessage: Message = {
  id: '01a2006d-dc4a-7000-b60a-1963ed734f11',
  locale: 'ja',
  timeZone: 'Asia/Tokyo',
  kindLabel: '自分宛ての投稿',
  title: '工程「基礎工事」に投稿がありました',
  body: '明日の打ち合わせは10時からです。',
  url: 'https://app.example.com/posts/1',
  actorName: '佐藤',
  occurredAt: new Date('2026-11-21T01:00:00Z'),
  recipientName: '山田',
};

export function channelContract(name: string, makeFixture: () => Promise<ContractFixture>) {
  describe(`channel contract: ${name}`, () => {
    let f: ContractFixture;
    let target: Target;
    const results: SendResult[] = [];
    const send = async (t = target, signal: AbortSignal = AbortSignal.timeout(5_000)) => {
      const r = await f.channel.send(sampleMessage, t, signal);
      results.push(r);
      return r;
    };

    beforeAll(async () => {
      f = await makeFixture();
    });
    afterAll(async () => {
      await f?.close();
    });
    const allSecrets: string[] = [];
    beforeEach(async () => {
      f.script.clear();
      target = await f.target();
      allSecrets.push(...f.secrets(target));
    });

    it('2xx: delivered, and the service received exactly one message', async () => {
      const r = await send();
      expect(r.ok).toBe(true);
      expect(f.received(target)).toBe(1);
    });

    it('a destination refused for good: permanent, not retryable', async () => {
      const expected = await f.breakTarget(target);
      const r = await send();
      expect(r).toMatchObject({ ok: false, retryable: false, reason: expected });
      expect(f.received(target)).toBe(0);
    });

    it('5xx: retryable server error', async () => {
      f.script.failNext(503, { body: 'service unavailable' });
      const r = await send();
      expect(r).toMatchObject({ ok: false, retryable: true, reason: 'server', status: 503 });
    });

    it('429: retryable, with the delay the service asked for', async () => {
      const a = f.rateLimitAnswer(3);
      f.script.failNext(a.status, { body: a.body, headers: a.headers, contentType: a.contentType });
      const r = await send();
      expect(r).toMatchObject({ ok: false, retryable: true, reason: 'rate_limited' });
      expect(r.ok ? 0 : r.retryAfterMs).toBeGreaterThanOrEqual(2_000);
      expect(r.ok ? 0 : r.retryAfterMs).toBeLessThanOrEqual(4_000);
    });

    it('connection reset: retryable network error', async () => {
      f.script.dropNext();
      const r = await send();
      expect(r).toMatchObject({ ok: false, retryable: true, reason: 'network' });
    });

    it('no answer in time: retryable timeout', async () => {
      f.script.hangNext();
      const r = await send(target, AbortSignal.timeout(300));
      expect(r).toMatchObject({ ok: false, retryable: true, reason: 'timeout' });
    });

    it('no secret appears in any result, code or detail', () => {
      expect(results.length).toBeGreaterThanOrEqual(6);
      const text = JSON.stringify(results);
      for (const s of allSecrets) expect(text).not.toContain(s);
    });
  });
}
