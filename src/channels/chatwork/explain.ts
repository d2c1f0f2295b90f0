import { explainerFor } from '../explain.js';
import type { Text } from '../../i18n/text.js';

/** Every code the Chatwork channel gives, and what the user should do about it. */
export const CHATWORK_CODES: Record<string, Text> = {
  invalid_token: {
    ja: 'API Tokenが正しくありません。Chatworkの「サービス連携」→「API Token」で確認し、貼り直してください。API Tokenを再発行した場合は、新しいTokenを設定してください。',
    en: 'The API token is not valid. Check it under "Integrations" → "API Token" in Chatwork and paste it again. If you issued a new token, set the new one.',
  },
  token_expired: {
    ja: 'Chatworkの認可の有効期限が切れました。もう一度Chatworkと連携してください。',
    en: 'The Chatwork authorisation has expired. Connect Chatwork again.',
  },
  insufficient_scope: {
    ja: 'Chatworkで許可された権限が足りません。もう一度連携し、求められた権限をすべて許可してください。',
    en: 'The Chatwork authorisation lacks a permission Tayori needs. Connect again and allow every permission asked for.',
  },
  api_forbidden: {
    ja: 'このAPI TokenではChatwork APIを利用できません。ビジネスプラン・エンタープライズプランでは、組織の管理者がAPIの利用を承認している必要があります。管理者にご確認ください。',
    en: 'This API token may not use the Chatwork API. On Business and Enterprise plans an administrator must approve API use; ask yours.',
  },
  api_not_found: {
    ja: 'Chatwork APIの接続先が見つかりません。Tayoriの管理者に TAYORI_CHATWORK_API_URL の設定を確認してもらってください。',
    en: 'The Chatwork API was not found at the configured address. Ask the Tayori operator to check TAYORI_CHATWORK_API_URL.',
  },
  room_not_found: {
    ja: 'ルームが見つかりません。room id(ブラウザのアドレスバーの「#!rid」のあとの数字)が正しいか、ルームが削除されていないか確認してください。',
    en: 'The room was not found. Check the room id (the digits after "#!rid" in the address bar) and that the room still exists.',
  },
  room_forbidden: {
    ja: 'API Tokenのアカウントがこのルームに参加していないため、投稿できません。room idが正しいか、API Tokenのアカウント(通知専用アカウントなど)がルームのメンバーになっているか確認してください。',
    en: "The API token's account is not a member of this room, so it cannot post there. Check the room id and that the token's account (e.g. the notification account) is a member.",
  },
  room_readonly: {
    ja: 'API Tokenのアカウントは、このルームで「閲覧のみ」の権限です。ルームの管理者に「メンバー」以上の権限にしてもらうか、別のルームを指定してください。',
    en: "The API token's account is read-only in this room. Ask a room admin to make it a member, or pick another room.",
  },
  to_not_member: {
    ja: 'Toに指定したアカウントIDの方がこのルームに参加していないため、通知を受け取れません。アカウントIDが正しいか、そのアカウントがルームのメンバーか確認してください。',
    en: 'The To account is not a member of this room, so it would never see the notifications. Check the account ID and that it belongs to the room.',
  },
  token_rate_limited: {
    ja: 'Chatwork APIの利用回数の上限(5分あたり300回)に達しました。制限が解除される時刻に自動で再送します。',
    en: 'The Chatwork API limit (300 requests per 5 minutes) was reached. Tayori will retry when it resets.',
  },
  room_rate_limited: {
    ja: 'このルームへの投稿回数の上限(10秒あたり10件)に達しました。10秒後に自動で再送します。',
    en: 'The posting limit of this room (10 per 10 seconds) was reached. Tayori will retry in 10 seconds.',
  },
  bad_request: {
    ja: 'Chatworkがメッセージを受け付けませんでした。Tayoriの不具合の可能性があります。管理者にお問い合わせください。',
    en: 'Chatwork did not accept the message. This may be a bug in Tayori; please contact the operator.',
  },
  invalid_settings: {
    ja: '保存されている設定(room id・アカウントID)が正しくありません。Chatwork連携の設定を保存し直してください。',
    en: 'The stored settings (room id, account ID) are not valid. Save the Chatwork settings again.',
  },
};

export const explainChatwork = explainerFor(CHATWORK_CODES, 'Chatwork');
