import type { ConnectionForm } from '../channel.js';

/** The settings page for Chatwork: the seed's steps, with the dedicated-account advice up front. */
export const chatworkForm: ConnectionForm = {
  fields: [
    {
      name: 'apiToken',
      type: 'secret',
      required: true,
      placeholder: '0123456789abcdef0123456789abcdef',
      label: { ja: 'API Token', en: 'API token' },
      help: {
        ja: 'Chatwork右上の自分のアイコン →「サービス連携」→ 左メニューの「API Token」で、パスワードを入力して「表示」を押すと表示されます。通知専用アカウントを使う場合は、そのアカウントでログインして取得してください。',
        en: 'In Chatwork: your avatar (top right) → "Integrations" → "API Token" in the left menu; enter your password and press "Show". With a dedicated notification account, sign in as that account to get it.',
      },
    },
    {
      name: 'roomId',
      type: 'text',
      required: true,
      placeholder: '123456789',
      label: { ja: 'room id', en: 'Room ID' },
      help: {
        ja: 'ブラウザでChatworkを開き、通知を送るルームをクリックします。アドレスバーに表示される「#!rid」のあとの数字です(URLをそのまま貼り付けても数字を取り出します)。',
        en: 'Open Chatwork in a browser and click the room for notifications: it is the digits after "#!rid" in the address bar (pasting the whole URL works too).',
      },
    },
    {
      name: 'toAccountId',
      type: 'text',
      placeholder: '1234567',
      label: { ja: 'アカウントID(To)', en: 'Account ID (To)' },
      help: {
        ja: '通知を受け取るご自身のアカウントIDです。Chatwork右上の自分のアイコン →「環境設定」→「Chatworkについて」タブに表示される数字です。設定すると通知にToが付き、見落としにくくなります。',
        en: 'Your own account ID, shown in Chatwork under your avatar → "Settings" → "About Chatwork". With it, notifications carry a To mention for you.',
      },
    },
  ],
  steps: [
    {
      ja: '(おすすめ)通知専用のChatworkアカウント(例:「通知用」)を新規登録し、自分のアカウントとコンタクトになります。通知用アカウントの「コンタクトを追加」→「メールで招待」で自分のメールアドレスに招待を送り、自分のアカウントの「コンタクト管理」→「未承認」で承認します。',
      en: '(Recommended) Sign up a dedicated Chatwork account for notifications (e.g. "Notifications") and make it your contact: from that account, "Add contact" → "Invite by e-mail" to your own address, then accept it in your account under "Contacts" → "Pending".',
    },
    {
      ja: '通知を投稿するアカウント(通知専用アカウント、または自分のアカウント)でログインし、右上のアイコン →「サービス連携」→「API Token」でパスワードを入力して「表示」を押し、API Tokenをコピーします。',
      en: 'Signed in as the account that will post (the notification account, or your own), open your avatar → "Integrations" → "API Token", enter your password, press "Show" and copy the token.',
    },
    {
      ja: '自分のアカウントでブラウザからChatworkにログインし、通知を受け取るルームを開いて、アドレスバーの「#!rid」のあとの数字(room id)をコピーします。通知専用アカウントを使う場合は、そのアカウントとのダイレクトチャット、または両方が参加しているグループチャットを選びます。',
      en: 'Signed in as yourself in a browser, open the room for notifications and copy the digits after "#!rid" in the address bar (the room id). With a notification account, pick your direct chat with it or a group chat you both belong to.',
    },
    {
      ja: '自分のアイコン →「環境設定」→「Chatworkについて」タブで、自分の「アカウントID」をコピーします。',
      en: 'Under your avatar → "Settings" → "About Chatwork", copy your own account ID.',
    },
    {
      ja: '「連携の状態」の「有効にする」にチェックを入れ、API Token・room id・アカウントIDを貼り付けて「保存」を押します。保存時にTayoriがChatworkに接続し、トークンとルームを確認します。',
      en: 'Tick "Enable", paste the API token, room id and account ID, and press "Save". Tayori checks the token and the room with Chatwork when you save.',
    },
    {
      ja: '通知設定に戻り、Chatworkへ通知させたいものを選んで「保存」を押すと設定は完了です。「テスト送信」で届くことを確認できます。',
      en: 'Back in the notification settings, choose what to forward to Chatwork and press "Save". Use "Send test" to check that it arrives.',
    },
  ],
  note: {
    ja: '自分のアカウントで発行したAPI Tokenを使い、Toに自分のアカウントIDを設定すると、Chatworkの仕様上、自分宛てのメッセージには通知バッジが表示されません(Tayoriは未読として届くように送信します)。通知専用アカウントを作成してそのAPI Tokenを設定し、Toには自分のアカウントIDを指定すると、通知バッジが表示されて見落としにくくなります。',
    en: 'If the API token is your own and the To account is also you, Chatwork shows no notification badge for messages you send to yourself (Tayori still posts them as unread). Create a dedicated notification account, use its API token and set To to your own account ID: notifications then raise a badge and are hard to miss.',
  },
};
