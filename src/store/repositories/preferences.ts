import type { PreferenceChoice } from '../../domain/preference.js';
import type { Service } from '../../domain/service.js';
import type { Executor } from '../database.js';

export async function listChoices(
  db: Executor,
  orgId: string,
  userIds: readonly string[],
): Promise<Map<string, PreferenceChoice[]>> {
  const byUser = new Map<string, PreferenceChoice[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .selectFrom('preferences')
    .select(['user_id', 'service', 'kind', 'enabled'])
    .where('org_id', '=', orgId)
    .where('user_id', 'in', userIds)
    .execute();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ service: r.service as Service, kind: r.kind, enabled: r.enabled });
    byUser.set(r.user_id, list);
  }
  return byUser;
}

/** Replaces every choice of the named services with `choices` (one statement each, in the caller's transaction). */
export async function replaceChoices(
  db: Executor,
  orgId: string,
  userId: string,
  services: readonly Service[],
  choices: readonly PreferenceChoice[],
): Promise<void> {
  if (services.length === 0) return;
  await db
    .deleteFrom('preferences')
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('service', 'in', services)
    .execute();
  if (choices.length === 0) return;
  await db
    .insertInto('preferences')
    .values(choices.map((c) => ({ org_id: orgId, user_id: userId, service: c.service, kind: c.kind, enabled: c.enabled })))
    .execute();
}
