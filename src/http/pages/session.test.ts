import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../usecases/sign-in.js';
import type { PagesEnv } from './env.js';
import { requireAdmin } from './session.js';

function appFor(role: 'member' | 'admin') {
  const app = new Hono<PagesEnv>();
  app.use('*', async (c, next) => {
    c.set('session', { user: { role } } as Session);
    await next();
  });
  app.get('/admin', requireAdmin(), (c) => c.text('admin page'));
  return app;
}

describe('requireAdmin (for the admin pages of later issues)', () => {
  it('lets an admin through and shows a member a 403 page', async () => {
    expect(await (await appFor('admin').request('/admin')).text()).toBe('admin page');
    const member = await appFor('member').request('/admin');
    expect(member.status).toBe(403);
    expect(await member.text()).toContain('このページを表示する権限がありません');
  });
});
