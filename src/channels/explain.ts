import type { Locale } from '../domain/locale.js';
import { pick, type Text } from '../i18n/text.js';
import type { Failure } from './channel.js';

/**
 * Codes Tayori itself gives, the same for every service: the stored settings could not be used, so
 * nothing was sent (see delivery/load-jobs.ts).
 */
export const TAYORI_CODES: Record<string, Text> = {
  secret_unreadable: {
    ja: '保存されている認証情報を復号できませんでした(データが壊れているか、書き換えられています)。連携の設定を保存し直してください。',
    en: 'The stored credentials could not be decrypted (they are damaged or were altered). Save the connection settings again.',
  },
  secret_key_missing: {
    ja: '保存されている認証情報を復号する鍵がサーバーにありません。管理者がTAYORI_SECRET_KEYを設定し直すと、自動で再送されます。',
    en: 'The server lacks the key that encrypted the stored credentials. Once the operator restores it in TAYORI_SECRET_KEY, Tayori retries automatically.',
  },
};

/** What a failure means when the service gave no code we know: one sentence per reason. */
export function genericExplanation(failure: Pick<Failure, 'reason' | 'code' | 'status'>, serviceName: string, locale: Locale): string {
  const status = failure.status ? ` (HTTP ${failure.status})` : '';
  switch (failure.reason) {
    case 'auth':
      return pick({ ja: `${serviceName}に認証を拒否されました${status}。設定した認証情報を確認し、保存し直してください。`, en: `${serviceName} refused the credentials${status}. Check them and save the settings again.` }, locale);
    case 'not_found':
      return pick({ ja: `${serviceName}で送信先が見つかりません${status}。URLやIDが正しいか、削除されていないか確認してください。`, en: `${serviceName} could not find the destination${status}. Check that the URL or id is right and still exists.` }, locale);
    case 'rate_limited':
      return pick({ ja: `${serviceName}の送信回数の上限に達しました。しばらくしてから自動で再送します。`, en: `${serviceName} is rate limiting. Tayori will retry automatically.` }, locale);
    case 'timeout':
      return pick({ ja: `${serviceName}から時間内に応答がありませんでした。自動で再送します。`, en: `${serviceName} did not answer in time. Tayori will retry automatically.` }, locale);
    case 'server':
      return pick({ ja: `${serviceName}側で一時的なエラーが発生しました${status}。自動で再送します。`, en: `${serviceName} had a temporary error${status}. Tayori will retry automatically.` }, locale);
    case 'network':
      return pick({ ja: `${serviceName}に接続できませんでした。自動で再送します。`, en: `Could not connect to ${serviceName}. Tayori will retry automatically.` }, locale);
    case 'bad_request':
      return pick({ ja: `${serviceName}がメッセージを受け付けませんでした${status}。`, en: `${serviceName} did not accept the message${status}.` }, locale);
  }
}

/** A channel's `explain()`: its own table of codes first, then the generic sentence for the reason. */
export function explainerFor(codes: Record<string, Text>, serviceName: string) {
  return (failure: Pick<Failure, 'reason' | 'code' | 'status'>, locale: Locale): string => {
    const text = codes[failure.code] ?? TAYORI_CODES[failure.code];
    return text ? pick(text, locale) : genericExplanation(failure, serviceName, locale);
  };
}
