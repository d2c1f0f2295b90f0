import type { Text } from '../i18n/text.js';

/** Words every channel puts around a notification. */
export const OPEN_LABEL: Text = { ja: '開く', en: 'Open' };

export const TEST_MESSAGE = {
  kindLabel: { ja: 'テスト送信', en: 'Test' } satisfies Text,
  title: { ja: 'Tayori からのテスト通知です', en: 'Test notification from Tayori' } satisfies Text,
  body: {
    ja: 'この通知が届いていれば、連携の設定は完了しています。',
    en: 'If you can read this, the connection is set up correctly.',
  } satisfies Text,
};
