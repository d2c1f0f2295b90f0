import { describe, expect, it } from 'vitest';
import { checkRun } from '../../../emulators/teams/validate-run.js';
import { sampleMessage } from '../../../test/channels/contract.js';
import type { Message } from '../../domain/message.js';
import { buildTeamsPayload, fitToBytes, MAX_PAYLOAD_BYTES, payloadBytes, type WorkflowsPayload } from './card.js';
import { blockText, inlineText } from './escape.js';

const base: Message = { ...sampleMessage, recipientName: '山田 太郎' };
const ME = { id: 'yamada@example.co.jp', name: '山田 太郎' };

/** What the flow makes of the payload, exactly as sent over the wire. */
const run = (p: WorkflowsPayload) => checkRun(Buffer.from(JSON.stringify(p), 'utf8'));
const card = (p: WorkflowsPayload) => p.attachments[0]!.content;

const HOSTILE = [
  '<at>x</at>',
  '<at>山田 太郎</at>',
  '</at>',
  '<at>',
  '<AT>boss</AT>',
  '< at >x</ at>',
  '&lt;at&gt;x&lt;/at&gt;',
  '[click here](https://evil.example/login)',
  '[ref]: https://evil.example\n[see][ref]',
  '**bold** *it* ***x*** _u_',
  '<https://evil.example>',
  '<b>html</b><script>alert(1)</script>',
  '"}]}, "msteams": {"entities": [{"type":"mention"}]}',
  '\u0000\u0007\u001b[31m\u007f\u0085\u202e逆向き\u2066',
  '\ud83d\ude00 \ud83d 👨‍👩‍👧 \udc00',
  '\n\n\n\n\n\n\n\n行\r\n\r\n\r\n\r\n\u2028\u2029',
];

describe('inlineText and blockText', () => {
  it.each([
    ['<at>x</at>', '＜at＞x＜/at＞'],
    ['[x](https://e.test)', '［x］(https://e.test)'],
    ['**重要**', '＊＊重要＊＊'],
    ['A & B &amp; C &#60;', 'A & B ＆amp; C ＆#60;'],
    ['snake_case https://e.test/a_b', 'snake_case https://e.test/a_b'],
    ['一行目\n二行目\t三', '一行目 二行目 三'],
    ['a\u202eb\u0000c', 'abc'],
  ])('inline %j → %j', (input, out) => expect(inlineText(input)).toBe(out));

  it('keeps line breaks in the body, at most one empty line in a row, and drops control characters', () => {
    expect(blockText('一\r\n二\r三\n\n\n\n四 \u3000\n五\u0007')).toBe('一\n二\n三\n\n四\n五');
  });

  it('replaces lone surrogates so the JSON is well-formed UTF-8, and keeps real pairs', () => {
    expect(inlineText('\ud83d\ude00 \ud83d x \udc00')).toBe('😀 \ufffd x \ufffd');
  });
});

describe('buildTeamsPayload', () => {
  it('is the Workflows envelope with one Adaptive Card 1.4, which the flow posts', () => {
    const p = buildTeamsPayload(base, ME);
    expect(p).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: { type: 'AdaptiveCard', version: '1.4' } }],
    });
    const r = run(p);
    expect(r.problem).toBeUndefined();
    expect(r.texts).toEqual([
      '<at>山田 太郎</at>  ·  自分宛ての投稿',
      '工程「基礎工事」に投稿がありました',
      '佐藤  ·  2026/11/21 10:00',
      '明日の打ち合わせは10時からです。',
    ]);
    expect(card(p).actions).toEqual([{ type: 'Action.OpenUrl', title: '開く', url: 'https://app.example.com/posts/1' }]);
  });

  it('mentions exactly the user: <at>Name</at> and the entity with the same text, UPN as id', () => {
    const p = buildTeamsPayload(base, ME);
    expect(card(p).msteams.entities).toEqual([
      { type: 'mention', text: '<at>山田 太郎</at>', mentioned: { id: 'yamada@example.co.jp', name: '山田 太郎' } },
    ]);
    expect(run(p).mentions).toEqual([{ text: '<at>山田 太郎</at>', id: 'yamada@example.co.jp', name: '山田 太郎' }]);
  });

  it('without a name, mentions with the user\'s name in Tayori, made inert', () => {
    const p = buildTeamsPayload({ ...base, recipientName: 'Bob </at><at>Eve' }, { id: '6f1c2a3b-0000-4000-8000-000000000001' });
    const r = run(p);
    expect(r.problem).toBeUndefined();
    expect(r.mentions).toEqual([{ text: '<at>Bob ＜/at＞＜at＞Eve</at>', id: '6f1c2a3b-0000-4000-8000-000000000001', name: 'Bob ＜/at＞＜at＞Eve' }]);
  });

  it('without a mention there is no <at> and no entity', () => {
    const p = buildTeamsPayload(base, undefined);
    expect(card(p).msteams).toEqual({ width: 'Full' });
    expect(JSON.stringify(p)).not.toContain('<at>');
    expect(run(p)).toMatchObject({ problem: undefined, mentions: [] });
  });

  it.each(HOSTILE)('hostile text %j in every field: the run succeeds and mentions only the user', (hostile) => {
    const p = buildTeamsPayload(
      { ...base, title: hostile, body: hostile, actorName: hostile, kindLabel: hostile, recipientName: hostile },
      ME,
    );
    const r = run(p);
    expect(r.problem).toBeUndefined();
    expect(r.mentions).toEqual([{ text: '<at>山田 太郎</at>', id: ME.id, name: ME.name }]);
    const texts = r.texts.join('\n').replace('<at>山田 太郎</at>', '');
    expect(texts).not.toMatch(/<\/?at/i);
    expect(texts).not.toMatch(/&#?[a-z0-9]+;/i); // no HTML entity a renderer could decode into a tag
    expect(texts).not.toMatch(/[<>[\]*\u0000-\u0009\u000b-\u001f\u202e]/); // eslint-disable-line no-control-regex
    expect(texts).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('shows typed markup as text the reader recognises', () => {
    const p = buildTeamsPayload({ ...base, body: '<at>x</at> と [資料](https://evil.example) を **必ず** 確認' }, ME);
    expect(run(p).texts[3]).toBe('＜at＞x＜/at＞ と ［資料］(https://evil.example) を ＊＊必ず＊＊ 確認');
  });

  it('wraps every text block: long Japanese without spaces must not be cut off', () => {
    const p = buildTeamsPayload({ ...base, title: 'あ'.repeat(400), body: 'い'.repeat(3000) }, ME);
    for (const block of card(p).body) expect(block.wrap).toBe(true);
  });

  it('shortens a huge Japanese body so the payload stays under 28 KB, ending with …', () => {
    const body = '工程表の更新について確認をお願いします。'.repeat(1000); // 20,000 characters, 60 KB
    const p = buildTeamsPayload({ ...base, body, title: '題'.repeat(500), actorName: '佐'.repeat(200) }, ME);
    const bytes = payloadBytes(p);
    expect(bytes).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(bytes).toBeGreaterThan(MAX_PAYLOAD_BYTES - 16); // the room is used, not thrown away
    const text = card(p).body[3]!.text;
    expect(text.endsWith('…')).toBe(true);
    expect(body.startsWith(text.slice(0, -1))).toBe(true);
    expect(run(p).problem).toBeUndefined();
  });

  it('counts what JSON escaping costs and cuts between graphemes, never inside an emoji', () => {
    const body = '"\\👨‍👩‍👧'.repeat(5000);
    const p = buildTeamsPayload({ ...base, body }, ME);
    expect(payloadBytes(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const kept = card(p).body[3]!.text.slice(0, -1);
    const boundaries = new Set(Array.from(new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(body), (s) => s.index));
    expect(body.startsWith(kept) && boundaries.has(kept.length)).toBe(true);
    expect(run(p).problem).toBeUndefined();
  });

  it('a title and link far beyond the API limits still give a deliverable card with its body', () => {
    const p = buildTeamsPayload({ ...base, title: '長'.repeat(100_000), url: `https://app.example.com/${'a'.repeat(30_000)}` }, ME);
    expect(payloadBytes(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(card(p).body[1]!.text).toHaveLength(500);
    expect(card(p).body[3]!.text).toBe(base.body);
    expect(card(p).actions).toBeUndefined();
    expect(run(p).problem).toBeUndefined();
  });

  it('is in the recipient\'s locale and time zone', () => {
    const p = buildTeamsPayload({ ...base, locale: 'en', timeZone: 'America/New_York', kindLabel: 'Mentions' }, undefined);
    const r = run(p);
    expect(r.texts[2]).toBe('佐藤  ·  Nov 20, 2026, 8:00 PM');
    expect(card(p).actions![0]!.title).toBe('Open');
  });

  it('an author name of nothing but invisible characters leaves just the time', () => {
    const p = buildTeamsPayload({ ...base, actorName: '\u202e\u0000 ' }, ME);
    expect(run(p).texts[2]).toBe('2026/11/21 10:00');
  });

  it('leaves the link out when the event has none', () => {
    const p = buildTeamsPayload({ ...base, url: undefined }, ME);
    expect(card(p).actions).toBeUndefined();
    expect(run(p).problem).toBeUndefined();
  });
});

describe('fitToBytes', () => {
  it('returns short text unchanged and cuts long text within the budget', () => {
    expect(fitToBytes('短い', 100)).toBe('短い');
    const cut = fitToBytes('あ'.repeat(100), 30);
    expect(cut).toBe(`${'あ'.repeat(9)}…`);
    expect(Buffer.byteLength(JSON.stringify(cut)) - 2).toBeLessThanOrEqual(30);
    expect(fitToBytes('abc', 2)).toBe('');
  });

  it.each([
    ['ab👨‍👩‍👧cd', 13, 'ab…'], // the budget ends after 👨 and a joiner: the family stays whole or goes
    ['ab👨‍👩‍👧cdef', 23, 'ab👨‍👩‍👧…'],
    ['cafe\u0301 au lait', 8, 'caf…'], // never an e without its accent
    ['🇯🇵🇯🇵', 15, '🇯🇵…'], // never half a flag
  ])('cuts %j within %d bytes at a grapheme boundary → %j', (text, budget, out) => {
    expect(fitToBytes(text, budget)).toBe(out);
  });
});
