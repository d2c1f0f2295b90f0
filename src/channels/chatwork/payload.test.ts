import { describe, expect, it } from 'vitest';
import { findMentions, infoBoxes, liveTags, readable } from '../../../emulators/chatwork/notation.js';
import type { Message } from '../../domain/message.js';
import { sampleMessage } from '../../../test/channels/contract.js';
import { chatworkLink, neutralizeChatwork } from './escape.js';
import { buildChatworkBody, CHATWORK_MAX_BODY } from './payload.js';

const base: Message = { ...sampleMessage, recipientName: '山田 太郎' };
const TO = { accountId: '1000001' };
/** The only notation a message may contain: ours. */
const TEMPLATE_TAGS = ['To:1000001', 'info', 'title', '/title', 'hr', '/info'];

const HOSTILE = [
  '[toall]',
  '[TOALL]',
  '[To:9999]',
  '[To:9999]佐藤さん',
  '[to:9999]',
  '[rp aid=9999 to=123-456]',
  '[/info][toall][info]',
  '[/title]',
  '[title]偽の見出し[/title]',
  '[qt][qtmeta aid=9999 time=1700000000]引用[/qt]',
  '[/qt][To:9999]',
  '[code][To:9999][/code]',
  '[hr][picon:9999][piconname:9999][pname:9999]',
  '[preview id=1 ht=100][download:1]x[/download]',
  '[dtext:chatroom_chat_edited]',
  '[[To:9999]]',
  '[\u200B[To:9999]',
  '[ To:9999 ]',
  '【重要】[WIP] arr[0] = 1',
  'line1\n[/info]\nline3\r\n[info]',
  '\u202e逆向き\u0007',
  '[',
  ']',
];

describe('neutralizeChatwork', () => {
  it.each([
    ['[toall]', '[\u200Btoall]'],
    ['[To:1][/info]', '[\u200BTo:1][\u200B/info]'],
    ['[重要]', '[\u200B重要]'],
    ['日本語 (bow) :)', '日本語 (bow) :)'],
  ])('%j → %j', (input, out) => expect(neutralizeChatwork(input)).toBe(out));

  it('reads exactly as typed once the invisible space is ignored', () => {
    for (const h of HOSTILE) expect(readable(neutralizeChatwork(h))).toBe(h.replace(/\u200B/g, ''));
  });
});

describe('chatworkLink', () => {
  it('percent-encodes brackets and spaces so a link can neither start a tag nor end early', () => {
    expect(chatworkLink('https://x.test/a?q=[toall] b')).toBe('https://x.test/a?q=%5Btoall%5D%20b');
  });
});

describe('buildChatworkBody', () => {
  it('writes the To line, then an info box with title, body, details and link', () => {
    const body = buildChatworkBody(base, TO);
    expect(body).toBe(
      '[To:1000001]山田 太郎さん\n' +
        '[info][title]工程「基礎工事」に投稿がありました[/title]明日の打ち合わせは10時からです。\n' +
        '[hr]自分宛ての投稿 · 佐藤 · 2026/11/21 10:00\n' +
        '開く: https://app.example.com/posts/1[/info]',
    );
    expect(findMentions(body)).toEqual({ to: [1000001], toall: false, replies: [] });
  });

  it.each(HOSTILE)('hostile text %j in every field: only our [To:id] parses and the info box holds', (hostile) => {
    const body = buildChatworkBody(
      { ...base, title: hostile, body: hostile, actorName: hostile, recipientName: hostile, kindLabel: hostile, url: `https://app.example.com/x?q=${hostile}` },
      TO,
    );
    expect(findMentions(body)).toEqual({ to: [1000001], toall: false, replies: [] });
    expect(liveTags(body)).toEqual(TEMPLATE_TAGS);
    const boxes = infoBoxes(body);
    expect(boxes.ok).toBe(true);
    expect(boxes.boxes).toHaveLength(1);
    // Still reads naturally: the reader sees the text as typed (line breaks aside in one-line fields).
    expect(readable(boxes.boxes[0]!.text)).toContain(hostile.trim().replace(/\u200B/g, ''));
  });

  it('without a To account, mentions nobody and has no To line', () => {
    const body = buildChatworkBody({ ...base, title: '[toall]' }, undefined);
    expect(body.startsWith('[info][title]')).toBe(true);
    expect(findMentions(body)).toEqual({ to: [], toall: false, replies: [] });
  });

  it('without a body, the box holds the details line only', () => {
    const body = buildChatworkBody({ ...base, body: undefined }, TO);
    expect(liveTags(body)).toEqual(['To:1000001', 'info', 'title', '/title', '/info']);
    expect(infoBoxes(body).boxes[0]!.text).toBe('自分宛ての投稿 · 佐藤 · 2026/11/21 10:00\n開く: https://app.example.com/posts/1');
  });

  it('is in the recipient locale: no さん, English label and time', () => {
    const body = buildChatworkBody({ ...base, locale: 'en', recipientName: 'Taro Yamada', kindLabel: 'Mentions' }, TO);
    expect(body.startsWith('[To:1000001]Taro Yamada\n')).toBe(true);
    expect(body).toContain('Open: https://app.example.com/posts/1');
    expect(body).toContain('Nov 21, 2026');
  });

  it.each([
    ['plain text', 'あ'.repeat(100_000)],
    ['every character a bracket', '['.repeat(100_000)],
    ['astral characters', '😀'.repeat(50_000)],
  ])('shortens an over-long body (%s) to fit 65,535 characters, box intact', (_name, long) => {
    const body = buildChatworkBody({ ...base, body: long }, TO);
    expect(body.length).toBeLessThanOrEqual(CHATWORK_MAX_BODY);
    expect(body.length).toBeGreaterThan(CHATWORK_MAX_BODY - 100);
    expect(body.endsWith('[/info]')).toBe(true);
    expect(liveTags(body)).toEqual(TEMPLATE_TAGS);
    expect(infoBoxes(body).boxes[0]!.text).toContain('…');
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no surrogate pair cut in half
  });

  it('leaves out a link too long to be useful rather than cutting it', () => {
    const body = buildChatworkBody({ ...base, url: `https://x.test/${'a'.repeat(5000)}` }, TO);
    expect(body).not.toContain('https://x.test/');
    expect(infoBoxes(body).ok).toBe(true);
  });
});
