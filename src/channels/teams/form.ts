import type { ConnectionForm } from '../channel.js';

/**
 * The settings form for a Teams personal connection. The seed's steps (channel "…" → Connectors →
 * Incoming Webhook) no longer work: Microsoft retired the connectors in May 2026. These are the
 * Workflows steps that replaced them (reference/teams.md §1.2), in the seed's plain style.
 */
const MENTION_GROUP = { ja: 'メンション(任意)', en: 'Mention (optional)' };

export const teamsForm: ConnectionForm = {
  fields: [
    {
      name: 'webhookUrl',
      type: 'secret',
      required: true,
      placeholder: 'https://…logic.azure.com:443/workflows/…/triggers/manual/paths/invoke?…',
      label: { ja: 'Webhook URL(ワークフロー)', en: 'Webhook URL (Workflows)' },
      help: {
        ja: 'Teamsの「ワークフロー」で「Webhook 要求を受信したらチャネルに投稿する」を作成したときに表示されるURLです。後から確認するときは、ワークフローアプリでそのワークフローを開き、トリガー「Teams Webhook 要求が受信されたとき」のURLをコピーします。',
        en: 'Shown when you create "Post to a channel when a webhook request is received" in Teams Workflows. Later, open the workflow in the Workflows app and copy the URL of its trigger "When a Teams webhook request is received".',
      },
    },
    {
      name: 'mention.id',
      type: 'text',
      group: MENTION_GROUP,
      placeholder: 'yamada@example.co.jp',
      label: { ja: 'メンションするユーザー(サインイン用メールアドレス)', en: 'User to mention (sign-in e-mail)' },
      help: {
        ja: 'Teamsにサインインするときのメールアドレス(ユーザー プリンシパル名)です。Teams右上の自分のアイコンを押すと表示されます。Entra ID のオブジェクトIDも使えます。通知を投稿するチャネルのメンバーである必要があります。',
        en: 'The e-mail address you sign in to Teams with (user principal name), shown when you click your picture at the top right of Teams. An Entra object id works too. You must be a member of the channel the workflow posts to.',
      },
    },
    {
      name: 'mention.name',
      type: 'text',
      group: MENTION_GROUP,
      placeholder: '山田 太郎',
      label: { ja: '表示名', en: 'Display name' },
      help: {
        ja: 'メンションとして表示される名前です。空欄の場合は、このサービスに登録されているあなたの名前を使います。',
        en: 'The name the mention shows. When empty, your name in this service is used.',
      },
    },
  ],
  steps: [
    {
      ja: 'Microsoft Teamsで通知を受け取りたいチャネル名の右にある「…」(その他のオプション)をクリックし、「ワークフロー」をクリックします。',
      en: 'In Microsoft Teams, click "…" (More options) next to the channel that should receive notifications, then click "Workflows".',
    },
    {
      ja: 'テンプレートの一覧から「Webhook 要求を受信したらチャネルに投稿する」を選びます。',
      en: 'From the templates, choose "Post to a channel when a webhook request is received".',
    },
    {
      ja: 'ワークフローの名前(例:「Tayori 通知」)を入力して「次へ」をクリックし、投稿先のチームとチャネルを確認して「ワークフローを追加する」をクリックします。',
      en: 'Enter a name for the workflow (for example "Tayori notifications"), click "Next", check the team and channel, and click "Add workflow".',
    },
    {
      ja: '表示されたURLをコピーボタンでコピーし、「完了」をクリックします。',
      en: 'Copy the URL shown with its copy button, then click "Done".',
    },
    {
      ja: '自分宛てにメンションさせたい場合は、Teamsにサインインするときのメールアドレスを確認します(Teams右上の自分のアイコンをクリックすると表示されます)。',
      en: 'To be mentioned, note the e-mail address you sign in to Teams with (click your picture at the top right of Teams).',
    },
    {
      ja: '「連携の状態」の「有効にする」にチェックを入れ、URLとメンションの項目を入力して「保存」をクリックし、「テスト送信」で届くことを確認します。',
      en: 'Tick "Enable", fill in the URL and the mention fields, click "Save", then use "Send test" to check that it arrives.',
    },
  ],
  note: {
    ja: 'Teamsの旧「Incoming Webhook」(コネクタ、https://….webhook.office.com/… のURL)は、Microsoftにより2026年5月に廃止されました。以前のURLは使えないため、「連携手順」のとおり「ワークフロー」のURLを作成してください。',
    en: 'Teams\' old "Incoming Webhook" connectors (URLs like https://….webhook.office.com/…) were retired by Microsoft in May 2026. Old URLs no longer work: create a Workflows URL as described under "How to connect".',
  },
};
