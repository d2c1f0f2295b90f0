import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from './config.js';

describe('loadConfig', () => {
  it('has the defaults of PRODUCT §7', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:8787',
      databaseUrl: undefined,
      dataDir: './data',
      chatworkApiUrl: 'https://api.chatwork.com/v2',
      chatworkAuthorizeUrl: 'https://www.chatwork.com/packages/oauth2/login.php',
      chatworkTokenUrl: 'https://oauth.chatwork.com/token',
      slackApiUrl: 'https://slack.com/api/',
      slackAuthorizeUrl: 'https://slack.com/oauth/v2/authorize',
      extraWebhookOrigins: [],
      retrySchedule: [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000],
      logLevel: 'info',
    });
  });

  it('follows PORT in the public URL and normalises origins', () => {
    const c = loadConfig({ PORT: '9000', TAYORI_EXTRA_WEBHOOK_ORIGINS: 'http://127.0.0.1:4010/, http://localhost:4020' });
    expect(c.publicUrl).toBe('http://localhost:9000');
    expect(c.extraWebhookOrigins).toEqual(['http://127.0.0.1:4010', 'http://localhost:4020']);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ DATABASE_URL: 'postgres://x' }, /TAYORI_SECRET_KEY is required/],
    [{ TAYORI_BOOTSTRAP_API_KEY: 'short' }, /at least 32/],
    [{ TAYORI_ADMIN_API_KEY: 'short' }, /at least 32/],
    [{ TAYORI_RETRY_SCHEDULE: '5s,soon' }, /not a duration/],
    [{ TAYORI_EXTRA_WEBHOOK_ORIGINS: 'ftp://x' }, /http or https/],
  ])('refuses %o with a message naming the setting', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120_000],
    ['1.5h', 5_400_000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));
});

describe('TAYORI_FRAME_ANCESTORS', () => {
  it("defaults to 'self' and accepts keywords, origins and wildcard hosts", () => {
    expect(loadConfig({}).frameAncestors).toBe("'self'");
    expect(loadConfig({ TAYORI_FRAME_ANCESTORS: "'self', https://app.example.com  https://*.example.co.jp:8443" }).frameAncestors).toBe(
      "'self' https://app.example.com https://*.example.co.jp:8443",
    );
    expect(loadConfig({ TAYORI_FRAME_ANCESTORS: "'none'" }).frameAncestors).toBe("'none'");
  });

  it.each(["'self'; script-src *", 'https://a.example.com/path', "'unsafe-inline'", "'none' 'self'", 'javascript:alert(1)'])(
    'refuses %s',
    (value) => {
      expect(() => loadConfig({ TAYORI_FRAME_ANCESTORS: value })).toThrow(ConfigError);
    },
  );
});
