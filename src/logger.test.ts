import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

/** Redaction is the second line of defence (the first: secrets are never passed to the logger). */
describe('logger redaction', () => {
  const capture = () => {
    const lines: string[] = [];
    return { logger: createLogger('debug', { write: (m: string) => void lines.push(m) }), lines };
  };

  it.each([
    ['authorization', { authorization: 'Bearer tyr_S3CRET' }],
    ['cookie', { cookie: 'tayori_session=S3CRET' }],
    ['request headers', { req: { headers: { authorization: 'Bearer S3CRET', cookie: 'tayori_session=S3CRET' } } }],
    ['a token field one level down', { connection: { apiToken: 'S3CRET', webhookUrl: 'https://hooks.slack.com/services/T/B/S3CRET' } }],
    ['two levels down', { job: { target: { secrets: { webhookUrl: 'S3CRET' } } } }],
    ['OAuth fields', { accessToken: 'S3CRET', refreshToken: 'S3CRET', clientSecret: 'S3CRET', password: 'S3CRET', token: 'S3CRET' }],
    ['the Chatwork header', { headers: { 'x-chatworktoken': 'S3CRET' } }],
  ])('%s', (_, fields) => {
    const { logger, lines } = capture();
    logger.info(fields, 'event');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('S3CRET');
    expect(lines[0]).toContain('[redacted]');
  });

  it('leaves other fields alone', () => {
    const { logger, lines } = capture();
    logger.info({ route: '/v1/users/:userId', status: 200, userId: 'u-1' }, 'request');
    expect(JSON.parse(lines[0]!)).toMatchObject({ route: '/v1/users/:userId', status: 200, userId: 'u-1' });
  });
});
