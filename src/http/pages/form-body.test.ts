import { describe, expect, it } from 'vitest';
import type { ConnectionForm } from '../../channels/channel.js';
import { slackConnection } from '../../channels/slack/connection.js';
import { connectionBody, placeErrors, valueAt } from './form-body.js';

const text = { ja: 'x', en: 'x' };
/** A form shaped like Teams' (a secret, and an optional nested mention) and Chatwork's (a required plain field). */
const form: ConnectionForm = {
  steps: [],
  fields: [
    { name: 'webhookUrl', type: 'secret', required: true, label: text, help: text },
    { name: 'roomId', type: 'text', required: true, label: text, help: text },
    { name: 'note', type: 'text', label: text, help: text },
    { name: 'mention.id', type: 'text', label: text, help: text, group: text },
    { name: 'mention.name', type: 'text', label: text, help: text, group: text },
  ],
};

describe('connectionBody: the settings form as the PUT body', () => {
  it('maps the checkbox, trims, and fills nested objects from dotted names', () => {
    expect(
      connectionBody(form, { enabled: 'on', webhookUrl: ' https://x ', roomId: '42', note: 'n', 'mention.id': 'a@example.com', 'mention.name': '山田' }),
    ).toEqual({ enabled: true, webhookUrl: 'https://x', roomId: '42', note: 'n', mention: { id: 'a@example.com', name: '山田' } });
  });

  it('leaves out a blank secret (kept) and a blank required field; nulls a blank optional field or group', () => {
    expect(connectionBody(form, { webhookUrl: '', roomId: '  ', note: '', 'mention.id': '', 'mention.name': '' })).toEqual({
      enabled: false,
      note: null,
      mention: null,
    });
  });

  it('sends a half-filled group as it is, so the channel names the missing part', () => {
    expect(connectionBody(form, { 'mention.id': 'a@example.com' })).toMatchObject({ mention: { id: 'a@example.com' } });
  });

  it('ignores repeated values and files beyond the first text', () => {
    const file = new File(['x'], 'x.txt');
    expect(connectionBody(form, { roomId: [file, '7', '8'], webhookUrl: file })).toEqual({ enabled: false, roomId: '7', note: null, mention: null });
  });

  it('works with the Slack form as declared by the channel', () => {
    expect(connectionBody(slackConnection.form, { enabled: 'on', webhookUrl: '', memberId: '' })).toEqual({ enabled: true, memberId: null });
  });
});

describe('placeErrors', () => {
  it('puts errors by field name, object errors on the first field of the object, the rest above the form', () => {
    const { byField, general } = placeErrors(
      form,
      [
        { field: 'roomId', message: 'ルームIDを入力してください。' },
        { field: 'mention', message: 'bad', code: 'invalid_type' },
        { field: '(body)', message: 'Unrecognized key', code: 'unrecognized_keys' },
      ],
      'ja',
    );
    expect(byField.get('roomId')).toBe('ルームIDを入力してください。');
    expect(byField.get('mention.id')).toBe('この項目を入力してください。');
    expect(general).toEqual(['Unrecognized key']);
  });
});

describe('valueAt', () => {
  it('reads dotted names and ignores what is not text', () => {
    expect(valueAt({ mention: { id: 'a' }, n: 5, x: null }, 'mention.id')).toBe('a');
    expect(valueAt({ n: 5 }, 'n')).toBe('5');
    expect(valueAt({ x: null }, 'x.y')).toBe('');
  });
});
