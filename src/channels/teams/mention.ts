import type { Text } from '../../i18n/text.js';
import { MENTION_NAME_FORBIDDEN } from './escape.js';

/**
 * Who a Workflows card mentions (reference/teams.md §3): `id` is the user's UPN (their sign-in
 * e-mail, `#EXT#` form for guests) or Entra object id; `name` is what `<at>…</at>` shows.
 */
export interface TeamsMention {
  id: string;
  /** Left out: the user's name in Tayori is shown. */
  name?: string;
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A UPN is `local@domain`; the local part of a guest's UPN holds `#EXT#`.
const UPN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,113}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const MENTION_NAME_MAX = 100;

/** The id as stored, or why it cannot be one. */
export function normalizeMentionId(raw: string): { ok: true; id: string } | { ok: false; message: Text } {
  const id = raw.trim();
  if (OBJECT_ID.test(id)) return { ok: true, id: id.toLowerCase() };
  if (id.length <= 256 && UPN.test(id)) return { ok: true, id };
  return {
    ok: false,
    message: {
      ja: 'Teamsにサインインするときのメールアドレス(ユーザー プリンシパル名。例: yamada@example.co.jp)か、Entra ID のオブジェクトIDを入力してください。',
      en: 'Enter the e-mail address you sign in to Teams with (user principal name, e.g. yamada@example.com) or your Entra object id.',
    },
  };
}

/** The name as stored, or why it cannot be one: it goes between `<at>` and `</at>` that we build. */
export function normalizeMentionName(raw: string): { ok: true; name: string } | { ok: false; message: Text } {
  const name = raw.trim().replace(/ {2,}/g, ' ');
  if (MENTION_NAME_FORBIDDEN.test(name)) {
    return {
      ok: false,
      message: { ja: '表示名に「<」「>」や改行・制御文字は使えません。', en: 'The display name cannot contain "<", ">", line breaks or control characters.' },
    };
  }
  if (Array.from(name).length > MENTION_NAME_MAX) {
    return { ok: false, message: { ja: `表示名は${MENTION_NAME_MAX}文字以内で入力してください。`, en: `The display name can be at most ${MENTION_NAME_MAX} characters.` } };
  }
  return { ok: true, name };
}
