import { describe, expect, it } from 'vitest';
import { teamsConnection } from './connection.js';
import { checkTeamsWebhookUrl, LEGACY_CONNECTOR_MESSAGE } from './workflow-url.js';

const LOGIC =
  'https://prod-27.japaneast.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';
const PLATFORM =
  'https://default0123456789abcdef0123456789ab.cd.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';
const ctx = { locale: 'ja' as const, extraWebhookOrigins: [] };

describe('checkTeamsWebhookUrl', () => {
  it.each([
    [LOGIC, true],
    [PLATFORM, true],
    [LOGIC.replace('prod-27.japaneast.logic.azure.com:443', 'make.powerautomate.com'), true],
    [LOGIC.replace(':443', ':8443'), false],
    [LOGIC.replace('https:', 'http:'), false],
    [LOGIC.replace('logic.azure.com', 'logic.azure.com.evil.test'), false],
    [LOGIC.replace('prod-27.japaneast.logic.azure.com', 'logic.azure.com'), false],
    [LOGIC.replace('/triggers/manual/paths/invoke', '/runs'), false],
    [LOGIC.replace(/&sig=.*/, ''), false],
    [LOGIC.replace(/sig=.*/, 'sig='), false],
    [`${LOGIC}#x`, false],
  ])('%s → %s', (url, accepted) => {
    expect(checkTeamsWebhookUrl(url, []).ok).toBe(accepted);
  });

  it.each([
    'https://contoso.webhook.office.com/webhookb2/1b2c@72f9/IncomingWebhook/8f1e/5a7c/V2ESyij_abc',
    'https://outlook.office.com/webhook/1b2c@72f9/IncomingWebhook/8f1e/5a7c',
    'http://127.0.0.1:4030/webhookb2/1b2c@72f9/IncomingWebhook/8f1e/5a7c',
  ])('refuses the retired connector URL %s with the way to Workflows', (url) => {
    expect(checkTeamsWebhookUrl(url, ['http://127.0.0.1:4030'])).toEqual({ ok: false, message: LEGACY_CONNECTOR_MESSAGE });
    expect(LEGACY_CONNECTOR_MESSAGE.ja).toContain('2026年5月に廃止');
    expect(LEGACY_CONNECTOR_MESSAGE.ja).toContain('ワークフロー');
  });

  it('says what is missing when the signature is', () => {
    const r = checkTeamsWebhookUrl(LOGIC.replace(/&sig=.*/, ''), []);
    expect(r.ok ? '' : r.message.ja).toContain('sig=');
  });

  it('accepts both path shapes on a listed emulator origin, still checking path and signature', () => {
    const origins = ['http://127.0.0.1:4030'];
    expect(checkTeamsWebhookUrl(LOGIC.replace('https://prod-27.japaneast.logic.azure.com:443', origins[0]!), origins).ok).toBe(true);
    expect(checkTeamsWebhookUrl(PLATFORM.replace(/^https:\/\/[^/]+/, origins[0]!), origins).ok).toBe(true);
    expect(checkTeamsWebhookUrl(`${origins[0]}/services/T1/B1/x?sig=1`, origins).ok).toBe(false);
  });
});

describe('teamsConnection', () => {
  const save = (input: Record<string, unknown>, stored?: Parameters<typeof teamsConnection.normalize>[1]) => teamsConnection.normalize(input, stored, ctx);

  it('stores the URL as a secret and the mention as settings; masks the URL to host and 4 characters', () => {
    const r = save({ webhookUrl: LOGIC, mention: { id: ' Yamada@Example.co.jp ', name: ' 山田  太郎 ' } });
    expect(r).toMatchObject({ ok: true, config: { mention: { id: 'Yamada@Example.co.jp', name: '山田 太郎' } } });
    if (!r.ok) return;
    expect(r.secrets.webhookUrl).toBe(LOGIC.replace(':443', ''));
    expect(teamsConnection.mask(r.config, r.secrets)).toEqual({
      webhookUrl: 'https://prod-27.japaneast.logic.azure.com/…bCdE',
      mention: { id: 'Yamada@Example.co.jp', name: '山田 太郎' },
    });
  });

  it('keeps a left-out mention, removes it with null or an empty form, lower-cases object ids', () => {
    const first = save({ webhookUrl: LOGIC, mention: { id: '6F1C2A3B-0000-4000-8000-00000000000A' } });
    expect(first).toMatchObject({ ok: true, config: { mention: { id: '6f1c2a3b-0000-4000-8000-00000000000a' } } });
    if (!first.ok) return;
    expect(save({}, first)).toMatchObject({ ok: true, config: first.config });
    expect(save({ mention: null }, first)).toMatchObject({ ok: true, config: {} });
    expect(save({ mention: { id: '', name: '' } }, first)).toMatchObject({ ok: true, config: {} });
  });

  it.each([
    [{ id: 'yamada' }, 'mention.id'],
    [{ id: 'a b@example.com' }, 'mention.id'],
    [{ id: '<at>x</at>@example.com' }, 'mention.id'],
    [{ name: '山田' }, 'mention.id'],
    [{ id: 'a@example.com', name: '</at><at>boss' }, 'mention.name'],
    [{ id: 'a@example.com', name: '山田\n太郎' }, 'mention.name'],
    [{ id: 'a@example.com', name: 'あ'.repeat(101) }, 'mention.name'],
  ])('refuses mention %j naming %s', (mention, field) => {
    const r = save({ webhookUrl: LOGIC, mention });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field)).toEqual([field]);
  });

  it('accepts a guest UPN', () => {
    expect(save({ webhookUrl: LOGIC, mention: { id: 'sato_partner.example#EXT#@contoso.onmicrosoft.com' } }).ok).toBe(true);
  });

  it('orders and limits by a hash of the URL: never the URL, never its signature', () => {
    const target = { config: {}, secrets: { webhookUrl: LOGIC } };
    const destination = teamsConnection.destination(target.config, target.secrets);
    expect(destination).toMatch(/^teams:webhook:[0-9a-f]{32}$/);
    const limits = teamsConnection.limits(target.config, target.secrets);
    expect(limits).toEqual([
      { key: destination, limit: 3, windowMs: 1000 },
      { key: `${destination}:30s`, limit: 60, windowMs: 30_000 },
    ]);
    expect(JSON.stringify(limits)).not.toContain('AbCdE');
  });

  it('has a form with the URL as a secret, the mention grouped, and the Workflows steps', () => {
    const { fields, steps, note } = teamsConnection.form;
    expect(fields.map((f) => [f.name, f.type])).toEqual([['webhookUrl', 'secret'], ['mention.id', 'text'], ['mention.name', 'text']]);
    expect(fields[1]!.group).toEqual(fields[2]!.group);
    expect(steps.map((s) => s.ja).join('')).toContain('ワークフロー');
    expect(steps.map((s) => s.ja).join('')).not.toContain('コネクタ');
    expect(note?.ja).toContain('廃止');
  });
});
