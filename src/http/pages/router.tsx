import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ValidationError } from '../../domain/errors.js';
import { isService, type Service } from '../../domain/service.js';
import { toLocale } from '../../domain/locale.js';
import { UUID_PATTERN } from '../../ids.js';
import { listConnections } from '../../store/repositories/connections.js';
import { listUserHistory } from '../../store/repositories/history.js';
import { kindLabel, listKinds } from '../../store/repositories/kinds.js';
import { putConnection, testConnection, toView, type ConnectionView } from '../../usecases/connections.js';
import type { AppContext } from '../../usecases/context.js';
import { getPreferences, savePreferences } from '../../usecases/preferences.js';
import {
  loadSession,
  setFlash,
  setSessionLocale,
  SETTINGS_PATH,
  SETTINGS_REDIRECT_PATTERN,
  signIn,
  signOut,
  takeFlash,
  type Session,
} from '../../usecases/sign-in.js';
import type { PagesEnv } from './env.js';
import { connectionBody, formList, formText, placeErrors, valueAt, type FormData } from './form-body.js';
import { adviceFor } from './history-advice.js';
import { HistoryPage } from './history-page.js';
import { noticePage } from './notice-page.js';
import { renderPage } from './render.js';
import { pageSecurityHeaders } from './security-headers.js';
import { ServicePage } from './service-page.js';
import { settingsServices } from './service-state.js';
import { ServicesPage } from './services-page.js';
import { checkCsrfToken, clearSessionCookie, requireSession, sameOriginPosts, sessionIdOf, setSessionCookie } from './session.js';
import { TopPage } from './top-page.js';

/** Settings forms are a few fields and checkboxes: 64 KiB is plenty. */
const MAX_FORM_BYTES = 64 * 1024;
const HISTORY_PAGE_SIZE = 30;

async function connectionViews(ctx: AppContext, session: Session): Promise<Map<Service, ConnectionView>> {
  const rows = await listConnections(ctx.db, session.orgId, [session.user.id]);
  return new Map(rows.filter((r) => ctx.channels.get(r.service)).map((r) => [r.service, toView(ctx, r, session.locale)]));
}

/**
 * The end-user settings pages under /settings (seed 000's screens). The org and the user always come
 * from the session, never from the URL or the form, so a page can only ever show or change its own
 * user's settings.
 */
export function settingsPages(ctx: AppContext) {
  const pages = new Hono<PagesEnv>();
  pages.use('*', pageSecurityHeaders(ctx.frameAncestors));
  pages.use('*', bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => noticePage(c, 'too_large') }));
  pages.use('*', sameOriginPosts(ctx));
  // `/settings/services/` and the like: the same page, under its one address (relative, so proxies need no Host rewrite).
  pages.get('*', async (c, next) => {
    if (!c.req.path.endsWith('/')) return next();
    const query = new URL(c.req.url).search;
    return c.redirect(`${c.req.path.replace(/\/+$/, '') || SETTINGS_PATH}${query}`, 301);
  });
  pages.onError((err, c) => {
    ctx.logger.error({ err, method: c.req.method, path: c.req.path }, 'settings page error');
    return noticePage(c, 'error');
  });

  // The link from the host application: consume it, open a session, and leave the token out of the URL.
  pages.get('/sign-in', async (c) => {
    const result = await signIn(ctx, c.req.query('token') ?? '');
    if (!result) return noticePage(c, 'link_invalid');
    const previous = await loadSession(ctx, sessionIdOf(c));
    if (previous) await signOut(ctx, previous);
    setSessionCookie(c, ctx, result.sessionId, result.maxAgeMs);
    return c.redirect(result.redirect, 303);
  });
  pages.get('/signed-out', (c) => noticePage(c, 'signed_out'));

  pages.use('*', requireSession(ctx));
  pages.use('*', checkCsrfToken());

  pages.post('/sign-out', async (c) => {
    await signOut(ctx, c.get('session'));
    clearSessionCookie(c, ctx);
    return c.redirect(`${SETTINGS_PATH}/signed-out`, 303);
  });

  pages.post('/locale', async (c) => {
    const body: FormData = await c.req.parseBody({ all: true });
    await setSessionLocale(ctx, c.get('session'), toLocale(formText(body, 'locale')));
    const back = formText(body, 'return');
    return c.redirect(SETTINGS_REDIRECT_PATTERN.test(back) ? back : SETTINGS_PATH, 303);
  });

  pages.get('/', async (c) => {
    const session = c.get('session');
    const [flash, kinds, views, preferences] = await Promise.all([
      takeFlash(ctx, session),
      listKinds(ctx.db, session.orgId),
      connectionViews(ctx, session),
      getPreferences(ctx, session.orgId, session.user.id),
    ]);
    return renderPage(c, <TopPage session={session} flash={flash} kinds={kinds} services={settingsServices(ctx)} views={views} preferences={preferences} />);
  });

  pages.post('/', async (c) => {
    const session = c.get('session');
    const body: FormData = await c.req.parseBody({ all: true });
    const views = await connectionViews(ctx, session);
    // Only the columns the form showed, and only services this user has connected, are replaced.
    const services = [...new Set(formList(body, 'services'))].filter((s): s is Service => isService(s) && views.has(s));
    const lists = Object.fromEntries(services.map((s) => [s, [...new Set(formList(body, s))]]));
    try {
      await savePreferences(ctx, session.orgId, session.user.id, lists);
    } catch (err) {
      // A kind removed while the page was open: show the page again with the current catalogue.
      if (!(err instanceof ValidationError)) throw err;
      return c.redirect(SETTINGS_PATH, 303);
    }
    await setFlash(ctx, session, { kind: 'preferences_saved' });
    return c.redirect(SETTINGS_PATH, 303);
  });

  pages.get('/services', async (c) => {
    const session = c.get('session');
    const [flash, views] = await Promise.all([takeFlash(ctx, session), connectionViews(ctx, session)]);
    return renderPage(c, <ServicesPage session={session} flash={flash} services={settingsServices(ctx)} views={views} />);
  });

  const serviceOf = (name: string) => (isService(name) && ctx.channels.get(name) ? name : undefined);

  pages.get('/services/:service', async (c) => {
    const session = c.get('session');
    const service = serviceOf(c.req.param('service'));
    if (!service) return noticePage(c, 'not_found');
    const form = ctx.channels.require(service).connection.form;
    const [flash, views] = await Promise.all([takeFlash(ctx, session), connectionViews(ctx, session)]);
    const view = views.get(service);
    const values = Object.fromEntries(form.fields.filter((f) => f.type !== 'secret').map((f) => [f.name, view ? valueAt(view.config, f.name) : '']));
    const props = { session, flash, service, form, view, enabled: view?.enabled ?? true, values, errors: { byField: new Map<string, string>(), general: [] }, reenter: new Set<string>() };
    return renderPage(c, <ServicePage {...props} />);
  });

  pages.post('/services/:service', async (c) => {
    const session = c.get('session');
    const service = serviceOf(c.req.param('service'));
    if (!service) return noticePage(c, 'not_found');
    const form = ctx.channels.require(service).connection.form;
    const data: FormData = await c.req.parseBody({ all: true });
    const body = connectionBody(form, data);
    try {
      const saved = await putConnection(ctx, session.orgId, session.user.id, service, body, session.locale);
      await setFlash(ctx, session, { kind: 'saved', service, warnings: saved.warnings });
      return c.redirect(`${SETTINGS_PATH}/services/${service}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const views = await connectionViews(ctx, session);
      const fields = (err.details as { fields?: { field: string; message: string; code?: string }[] }).fields ?? [];
      const values = Object.fromEntries(form.fields.filter((f) => f.type !== 'secret').map((f) => [f.name, formText(data, f.name)]));
      const reenter = new Set(form.fields.filter((f) => f.type === 'secret' && formText(data, f.name) !== '').map((f) => f.name));
      const props = {
        session,
        flash: undefined,
        service,
        form,
        view: views.get(service),
        enabled: body['enabled'] === true,
        values,
        errors: placeErrors(form, fields, session.locale),
        reenter,
      };
      return renderPage(c, <ServicePage {...props} />, 422);
    }
  });

  pages.post('/services/:service/test', async (c) => {
    const session = c.get('session');
    const service = serviceOf(c.req.param('service'));
    if (!service) return noticePage(c, 'not_found');
    const views = await connectionViews(ctx, session);
    if (!views.has(service)) return c.redirect(`${SETTINGS_PATH}/services/${service}`, 303);
    const result = await testConnection(ctx, session.orgId, session.user.id, service, session.locale);
    await setFlash(ctx, session, result.ok ? { kind: 'test', service, ok: true } : { kind: 'test', service, ok: false, message: result.message });
    return c.redirect(`${SETTINGS_PATH}/services/${service}`, 303);
  });

  pages.get('/history', async (c) => {
    const session = c.get('session');
    const before = c.req.query('before');
    const cursor = before !== undefined && UUID_PATTERN.test(before) ? before : undefined;
    const [entries, kinds] = await Promise.all([
      listUserHistory(ctx.db, session.orgId, session.user.id, { before: cursor, limit: HISTORY_PAGE_SIZE + 1 }),
      listKinds(ctx.db, session.orgId),
    ]);
    const byKey = new Map(kinds.map((k) => [k.key, k]));
    const page = entries.slice(0, HISTORY_PAGE_SIZE);
    const rows = page.map((e) => {
      const kind = byKey.get(e.kind);
      return { ...e, kindLabel: kind ? kindLabel(kind, session.locale) : e.kind, advice: adviceFor(ctx, e, session.locale) };
    });
    const olderHref = entries.length > HISTORY_PAGE_SIZE ? `${SETTINGS_PATH}/history?before=${page[page.length - 1]!.id}` : undefined;
    return renderPage(c, <HistoryPage session={session} rows={rows} olderHref={olderHref} paged={cursor !== undefined} />);
  });

  pages.all('*', (c) => noticePage(c, 'not_found'));
  return pages;
}
