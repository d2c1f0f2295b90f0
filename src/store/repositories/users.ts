import type { Locale } from '../../domain/locale.js';
import { toLocale } from '../../domain/locale.js';
import type { Executor } from '../database.js';
import type { UserRow } from '../schema.js';

export type Role = 'member' | 'admin';

export interface User {
  id: string;
  name: string;
  email: string | null;
  locale: Locale;
  timeZone: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    locale: toLocale(row.locale),
    timeZone: row.time_zone,
    role: row.role === 'admin' ? 'admin' : 'member',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface UserInput {
  name: string;
  email?: string | null | undefined;
  locale?: Locale | undefined;
  timeZone?: string | undefined;
  role?: Role | undefined;
}

/** Create or update; fields left out of an update keep their stored value. */
export async function upsertUser(
  db: Executor,
  orgId: string,
  id: string,
  input: UserInput,
  now: Date,
): Promise<{ user: User; created: boolean }> {
  const row = await db
    .insertInto('users')
    .values({
      org_id: orgId,
      id,
      name: input.name,
      email: input.email ?? null,
      locale: input.locale ?? 'ja',
      time_zone: input.timeZone ?? 'Asia/Tokyo',
      role: input.role ?? 'member',
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'id']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        email: input.email === undefined ? eb.ref('users.email') : eb.ref('excluded.email'),
        locale: input.locale === undefined ? eb.ref('users.locale') : eb.ref('excluded.locale'),
        time_zone: input.timeZone === undefined ? eb.ref('users.time_zone') : eb.ref('excluded.time_zone'),
        role: input.role === undefined ? eb.ref('users.role') : eb.ref('excluded.role'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user: toUser(row), created: row.created_at.getTime() === row.updated_at.getTime() };
}

export async function findUser(db: Executor, orgId: string, id: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUsers(db: Executor, orgId: string, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toUser);
}

export async function deleteUser(db: Executor, orgId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('users').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
