import { NotFoundError, ValidationError } from '../domain/errors.js';
import { choicesFromLists, effectivePreferences } from '../domain/preference.js';
import { SERVICES, type Service } from '../domain/service.js';
import { listKinds } from '../store/repositories/kinds.js';
import { listChoices, replaceChoices } from '../store/repositories/preferences.js';
import { findUser } from '../store/repositories/users.js';
import type { AppContext } from './context.js';

/** Per service, the kinds forwarded there. */
export type PreferenceLists = Record<Service, string[]>;

export async function getPreferences(ctx: AppContext, orgId: string, userId: string): Promise<PreferenceLists> {
  if (!(await findUser(ctx.db, orgId, userId))) throw new NotFoundError('user', userId);
  const [kinds, choices] = await Promise.all([listKinds(ctx.db, orgId), listChoices(ctx.db, orgId, [userId])]);
  return effectivePreferences(choices.get(userId) ?? [], SERVICES, kinds);
}

/**
 * `PUT /preferences` and the 通知設定 page: for each service named, `lists` is the complete set of
 * kinds forwarded there; services not named keep their choices.
 */
export async function savePreferences(
  ctx: AppContext,
  orgId: string,
  userId: string,
  lists: Partial<Record<Service, readonly string[]>>,
): Promise<PreferenceLists> {
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await findUser(tx, orgId, userId))) throw new NotFoundError('user', userId);
    const kinds = await listKinds(tx, orgId);
    const known = new Set(kinds.map((k) => k.key));
    const problems = Object.entries(lists).flatMap(([service, list]) =>
      (list ?? []).flatMap((kind, i) => (known.has(kind) ? [] : [{ field: `${service}.${i}`, message: `kind '${kind}' is not in this org's catalogue`, code: 'unknown_kind' }])),
    );
    if (problems.length > 0) throw new ValidationError(problems, 'Unknown kinds', 'unknown_kind');
    const services = Object.keys(lists) as Service[];
    await replaceChoices(tx, orgId, userId, services, choicesFromLists(lists, [...known]));
    const choices = await listChoices(tx, orgId, [userId]);
    return effectivePreferences(choices.get(userId) ?? [], SERVICES, kinds);
  });
}
