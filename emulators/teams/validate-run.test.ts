import { describe, expect, it } from 'vitest';
import { checkRun, MAX_MESSAGE_BYTES } from './validate-run.js';

/** The run validator is what "no run failed" rests on: each failure the real flow has must be caught. */
const card = (content: Record<string, unknown> = {}) => ({
  type: 'message',
  attachments: [
    {
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'hi', wrap: true }], ...content },
    },
  ],
});
const mention = (text: string, id = 'a@example.com', name = 'A') => ({ msteams: { entities: [{ type: 'mention', text, mentioned: { id, name } }] } });
const check = (value: unknown) => checkRun(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

describe('checkRun', () => {
  it('a valid card with a matching mention succeeds and reports it', () => {
    const r = check(card({ body: [{ type: 'TextBlock', text: 'Hi <at>A</at>' }], ...mention('<at>A</at>') }));
    expect(r).toEqual({ problem: undefined, texts: ['Hi <at>A</at>'], mentions: [{ text: '<at>A</at>', id: 'a@example.com', name: 'A' }] });
  });

  it.each([
    ['a bare card', { type: 'AdaptiveCard', version: '1.4', body: [] }, /attachments.*'Null'/],
    ['{text}', { text: 'hello' }, /is of type 'Null'/],
    ['attachments as an object', { attachments: {} }, /is of type 'Object'/],
    ['not JSON', 'hello', /not JSON/],
    ['a wrong contentType', { attachments: [{ contentType: 'application/json', content: card().attachments[0]!.content }] }, /contentType/],
    ['version 1.6', card({ version: '1.6' }), /up to 1\.5/],
    ['no version', card({ version: undefined }), /version/],
    ['an unknown element', card({ body: [{ type: 'Marquee', text: 'x' }] }), /unknown element/],
    ['a TextBlock without text', card({ body: [{ type: 'TextBlock' }] }), /text must be a string/],
    ['Action.Submit', card({ actions: [{ type: 'Action.Submit', title: 'x' }] }), /needs a bot/],
    ['an OpenUrl without a URL', card({ actions: [{ type: 'Action.OpenUrl', title: 'x', url: 'javascript:x' }] }), /absolute http/],
    ['<at> without an entity', card({ body: [{ type: 'TextBlock', text: '<at>x</at>' }] }), /no msteams.entities mention/],
    ['an entity text that differs', card({ body: [{ type: 'TextBlock', text: '<at>A</at>' }], ...mention('<at>A </at>') }), /no msteams.entities mention/],
    ['an entity without its tag', card(mention('<at>A</at>')), /no matching <at> tag/],
    ['a stray </at>', card({ body: [{ type: 'TextBlock', text: 'x </at>' }] }), /malformed <at>/],
    ['a tag with attributes', card({ body: [{ type: 'TextBlock', text: '<at id="1">x</at>' }] }), /malformed <at>/],
    ['a mention id that is no user', card({ body: [{ type: 'TextBlock', text: '<at>A</at>' }], ...mention('<at>A</at>', 'everyone') }), /mentioned.id/],
  ])('%s fails the run', (_name, payload, problem) => {
    expect(check(payload).problem).toMatch(problem);
  });

  it('a message over 28 KB fails as "Request Entity too large"', () => {
    const big = card({ body: [{ type: 'TextBlock', text: 'あ'.repeat(MAX_MESSAGE_BYTES / 3) }] });
    expect(check(big).problem).toMatch(/RequestEntityTooLarge/);
    const fits = card({ body: [{ type: 'TextBlock', text: 'あ'.repeat(MAX_MESSAGE_BYTES / 3 - 100) }] });
    expect(check(fits).problem).toBeUndefined();
  });
});
