import { describe, expect, it } from 'vitest';
import { findMentions } from '../../../emulators/slack/mentions.js';
import { blocksProblem } from '../../../emulators/slack/validate-blocks.js';
import type { Message } from '../../domain/message.js';
import { escapeSlackText, escapeSlackUrl } from './escape.js';
import { buildSlackPayload } from './payload.js';

const base: Message = {
  id: 'd1',
  locale: 'ja',
  timeZone: 'Asia/Tokyo',
  kindLabel: '自分宛ての投稿',
  title: 't',
  occurredAt: new Date('2026-11-21T00:00:00Z'),
  recipientName: '山田',
};

const HOSTILE = [
  '<!channel>',
  '<!here|here>',
  '<!everyone>',
  '<@U999>',
  '<@W123|boss>',
  '<!subteam^S0123|@team>',
  '<#C024BE7LR>',
  '<https://evil.example|click me>',
  '&lt;!channel&gt;',
  '&amp;lt;@U1&amp;gt;',
  '*bold* _it_ ~s~ `code` ```block```',
  '> quote\n>>> more',
  '\u0000\u0007\u202e逆向き',
];

describe('escapeSlackText', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<@U1>', '&lt;@U1&gt;'],
    ['&lt;', '&amp;lt;'],
    ['日本語', '日本語'],
  ])('%s → %s', (input, out) => expect(escapeSlackText(input)).toBe(out));
});

describe('escapeSlackUrl', () => {
  it('ends neither the URL nor the label early', () => {
    expect(escapeSlackUrl('https://x.test/a|b>c<d e?x=1&y=2')).toBe('https://x.test/a%7Cb%3Ec%3Cd%20e?x=1&amp;y=2');
  });
});

describe('buildSlackPayload', () => {
  it('starts text with the member mention and mentions nobody else', () => {
    const p = buildSlackPayload({ ...base, title: '<!channel> 見積 & <@U999>', body: '<!here>', actorName: '<@U777>' }, 'U0123ABC');
    expect(p.text.startsWith('<@U0123ABC> ')).toBe(true);
    expect(p.text).toContain('&lt;!channel&gt; 見積 &amp; &lt;@U999&gt;');
    expect(findMentions(p)).toEqual({ users: ['U0123ABC'], special: [] });
  });

  it.each(HOSTILE)('hostile text %j stays inert in every field and the blocks stay valid', (hostile) => {
    const p = buildSlackPayload(
      { ...base, title: hostile, body: hostile, actorName: hostile, url: `https://app.example.com/x?q=${hostile}` },
      undefined,
    );
    expect(findMentions(p)).toEqual({ users: [], special: [] });
    expect(blocksProblem(p.blocks)).toBeUndefined();
  });

  it('without a member id, mentions nobody', () => {
    expect(buildSlackPayload({ ...base, title: 'x' }, undefined).text).toBe('[自分宛ての投稿] x');
  });

  it('shortens an over-long body within Block Kit limits instead of failing', () => {
    const p = buildSlackPayload({ ...base, body: '&'.repeat(10_000) + 'あ'.repeat(5000) }, 'U1AA');
    expect(blocksProblem(p.blocks)).toBeUndefined();
    const body = (p.blocks[1] as { text: { text: string } }).text.text;
    expect(body.length).toBeLessThanOrEqual(3000);
    expect(body.endsWith('…')).toBe(true);
    expect(body).not.toMatch(/&(a|am)?…$/); // no entity cut in half
  });

  it('a very long link still gives a valid message (the link moves to the button only)', () => {
    const p = buildSlackPayload({ ...base, title: '&'.repeat(500), url: `https://x.test/${'a|'.repeat(1000)}` }, 'U1AA');
    expect(blocksProblem(p.blocks)).toBeUndefined();
  });

  it('is in the recipient locale: English labels and time', () => {
    const p = buildSlackPayload({ ...base, locale: 'en', kindLabel: 'Mentions', url: 'https://x.test' }, undefined);
    const json = JSON.stringify(p);
    expect(json).toContain('"Open"');
    expect(json).toContain('Nov 21, 2026');
  });
});
