import type { Locale } from '../../domain/locale.js';
import type { Executor } from '../database.js';
import type { KindRow } from '../schema.js';

export interface Kind {
  key: string;
  label: { ja: string; en?: string };
  description: string | null;
  defaultOn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export function toKind(row: KindRow): Kind {
  return {
    key: row.key,
    label: row.label_en === null ? { ja: row.label_ja } : { ja: row.label_ja, en: row.label_en },
    description: row.description,
    defaultOn: row.default_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function kindLabel(kind: Pick<Kind, 'label'>, locale: Locale): string {
  return locale === 'en' ? (kind.label.en ?? kind.label.ja) : kind.label.ja;
}

export interface KindInput {
  label: { ja: string; en?: string | undefined };
  description?: string | undefined;
  defaultOn?: boolean | undefined;
}

export async function upsertKind(db: Executor, orgId: string, key: string, input: KindInput, now: Date): Promise<Kind> {
  const row = await db
    .insertInto('kinds')
    .values({
      org_id: orgId,
      key,
      label_ja: input.label.ja,
      label_en: input.label.en ?? null,
      description: input.description ?? null,
      default_on: input.defaultOn ?? true,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'key']).doUpdateSet((eb) => ({
        label_ja: eb.ref('excluded.label_ja'),
        label_en: eb.ref('excluded.label_en'),
        description: eb.ref('excluded.description'),
        default_on: input.defaultOn === undefined ? eb.ref('kinds.default_on') : eb.ref('excluded.default_on'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toKind(row);
}

export async function listKinds(db: Executor, orgId: string): Promise<Kind[]> {
  const rows = await db.selectFrom('kinds').selectAll().where('org_id', '=', orgId).orderBy('key').execute();
  return rows.map(toKind);
}

export async function findKind(db: Executor, orgId: string, key: string): Promise<Kind | undefined> {
  const row = await db
    .selectFrom('kinds')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && toKind(row);
}
