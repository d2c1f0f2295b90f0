import type { Text } from '../../i18n/text.js';
import { ACCOUNT_ID_PATTERN, ROOM_ID_PATTERN } from './escape.js';

/**
 * Reading what users paste into the room id and account id fields. The seed tells them to copy
 * "the digits after #!rid" from the address bar; many copy the whole URL or `#!rid123` instead, and
 * confuse the numeric account id with the Chatwork ID (letters). We take the digits when the intent
 * is unambiguous and say what we did; otherwise we explain what the field wants.
 */
export type IdReading = { ok: true; id: string; note?: Text } | { ok: false; message: Text };

interface IdRule {
  pattern: RegExp;
  help: Text;
  /** Where the id sits in a longer paste (a URL, `[To:…]`). */
  pasted: RegExp;
  /** What to tell the user after taking the id out of a paste. */
  took: (id: string, input: string) => Text;
}

const ROOM: IdRule = {
  pattern: ROOM_ID_PATTERN,
  help: {
    ja: 'room idは数字で入力してください。ブラウザでChatworkの通知を送るルームを開き、アドレスバーの「#!rid」のあとの数字をコピーします。',
    en: 'Enter the room id as digits: open the room in Chatwork in a browser and copy the digits after "#!rid" in the address bar.',
  },
  // The address bar shows https://www.chatwork.com/#!rid123456 (a message link adds -messageId).
  pasted: /(?:^|[#!/?&=\s])(?:#!)?rid(\d+)(?:-\d+)?(?=$|[^\d])/,
  took: (id, input) => ({
    ja: `room idは「#!rid」のあとの数字だけです。貼り付けられた「${input}」から ${id} を取り出して保存しました。`,
    en: `The room id is only the digits after "#!rid". Tayori took ${id} from "${input}".`,
  }),
};

const ACCOUNT: IdRule = {
  pattern: ACCOUNT_ID_PATTERN,
  help: {
    ja: 'アカウントIDは数字で入力してください(Chatwork右上の自分のアイコン →「環境設定」→「Chatworkについて」に表示されます)。',
    en: 'Enter the account ID as digits (your avatar in Chatwork → Settings → "About Chatwork").',
  },
  pasted: /^\[(?:To|to|TO):(\d+)\]/,
  took: (id, input) => ({
    ja: `アカウントIDは数字だけです。貼り付けられた「${input}」から ${id} を取り出して保存しました。`,
    en: `The account id is only digits. Tayori took ${id} from "${input}".`,
  }),
};

/** Digits as they are, or taken out of a recognised paste (with a note); undefined when neither. */
function read(raw: string | number, rule: IdRule): IdReading | undefined {
  const text = String(raw).trim();
  const plain = /^0*(\d+)$/.exec(text);
  if (plain) return checked(plain[1]!, rule);
  const pasted = rule.pasted.exec(text);
  if (!pasted) return undefined;
  const found = checked(pasted[1]!.replace(/^0+/, ''), rule);
  return found.ok ? { ...found, note: rule.took(found.id, shortInput(text)) } : found;
}

export function readRoomId(raw: string | number): IdReading {
  return read(raw, ROOM) ?? { ok: false, message: ROOM.help };
}

export function readAccountId(raw: string | number): IdReading {
  const found = read(raw, ACCOUNT);
  if (found) return found;
  const text = String(raw).trim();
  if (/^[A-Za-z0-9_.-]+$/.test(text)) {
    return {
      ok: false,
      message: {
        ja: '英字を含むのは「Chatwork ID」です。ここには数字の「アカウントID」を入力してください(Chatwork右上の自分のアイコン →「環境設定」→「Chatworkについて」に表示されます)。',
        en: 'That looks like a Chatwork ID (letters). Enter the numeric account ID instead (your avatar → Settings → "About Chatwork").',
      },
    };
  }
  return { ok: false, message: ACCOUNT.help };
}

function checked(digits: string, rule: IdRule): IdReading {
  return rule.pattern.test(digits) ? { ok: true, id: digits } : { ok: false, message: rule.help };
}

/** Input echoed back in a message: on one line and short. */
function shortInput(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}
