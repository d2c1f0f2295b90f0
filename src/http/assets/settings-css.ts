import { createHash } from 'node:crypto';

/**
 * Styles of the settings pages, served from /assets (no inline styles, no CDN, system fonts).
 * Colours are picked for at least 4.5:1 contrast on their backgrounds; focus is always visible.
 */
export const SETTINGS_CSS = `
:root {
  color-scheme: light;
  --bg: #f3f5f8; --surface: #ffffff; --ink: #1b2330; --muted: #525d6d; --line: #d9dee6; --line-strong: #b9c1cc;
  --accent: #0a58ad; --accent-hover: #08468a; --accent-weak: #e9f1fb;
  --ok: #176437; --ok-bg: #e6f4ec; --err: #b1261d; --err-bg: #fcebea; --warn: #744a00; --warn-bg: #fff4d6;
  --off: #4a5361; --off-bg: #eceff3; --focus: #1a5fd0; --radius: 10px;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.7 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Noto Sans CJK JP", Meiryo, sans-serif;
}
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { color: var(--accent-hover); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
main:focus { outline: none; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: 12px; top: -48px; background: var(--surface); padding: 8px 12px; border-radius: 6px; z-index: 10; }
.skip-link:focus { top: 8px; }

.topbar { background: var(--surface); border-bottom: 1px solid var(--line); }
.topbar-inner, .tabs ul, main { max-width: 960px; margin: 0 auto; padding-left: 24px; padding-right: 24px; }
.topbar-inner { display: flex; align-items: center; justify-content: space-between; gap: 12px; min-height: 52px; }
.account { margin: 0; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.topbar-actions { display: flex; align-items: center; gap: 4px; flex-shrink: 0; }
.inline-form { margin: 0; }
.link-button { font: inherit; font-size: 14px; color: var(--accent); background: none; border: 0; padding: 6px 10px; border-radius: 6px; cursor: pointer; }
.link-button:hover { background: var(--accent-weak); }
.tabs ul { list-style: none; display: flex; gap: 4px; margin: 0 auto; overflow-x: auto; }
.tabs a { display: block; padding: 10px 14px; color: var(--muted); text-decoration: none; border-bottom: 3px solid transparent; white-space: nowrap; font-weight: 600; }
.tabs a:hover { color: var(--ink); }
.tabs a[aria-current="page"] { color: var(--accent); border-bottom-color: var(--accent); }

main { padding-top: 24px; padding-bottom: 48px; }
h1 { font-size: 24px; line-height: 1.4; margin: 0; }
h2 { font-size: 18px; margin: 0 0 8px; }
.page-head { display: flex; align-items: center; justify-content: space-between; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
.lead { color: var(--muted); margin: 0 0 20px; }
.hint { color: var(--muted); font-size: 14px; }
.page-foot { margin-top: 24px; }
.pager { display: flex; gap: 20px; flex-wrap: wrap; }
.crumbs { font-size: 14px; color: var(--muted); margin-bottom: 8px; }

.card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: 20px 24px; margin: 0 0 16px; box-shadow: 0 1px 2px rgba(20, 30, 50, .04); }
.card.flush { padding: 0; overflow: hidden; }
.card.empty p { margin: 0; }

.button { display: inline-flex; align-items: center; gap: 8px; font: inherit; font-weight: 600; line-height: 1.2; padding: 10px 18px; min-height: 44px; border-radius: 8px; border: 1px solid transparent; cursor: pointer; text-decoration: none; }
.button.primary { background: var(--accent); color: #fff; }
.button.primary:hover { background: var(--accent-hover); color: #fff; }
.button.secondary { background: var(--surface); color: var(--accent); border-color: var(--line-strong); }
.button.secondary:hover { background: var(--accent-weak); }
.icon { flex-shrink: 0; }
.icon-button { display: inline-flex; align-items: center; justify-content: center; width: 44px; height: 44px; border-radius: 8px; color: var(--muted); border: 1px solid var(--line); background: var(--surface); }
.icon-button:hover { color: var(--accent); background: var(--accent-weak); border-color: var(--line-strong); }
.icon-button .icon { width: 22px; height: 22px; }
.form-actions { margin-top: 20px; display: flex; gap: 12px; flex-wrap: wrap; }

.badge { display: inline-block; font-size: 13px; font-weight: 600; line-height: 1.4; padding: 2px 10px; border-radius: 999px; white-space: nowrap; }
.badge-none { color: var(--off); background: var(--surface); border: 1px solid var(--line-strong); }
.badge-enabled { color: var(--ok); background: var(--ok-bg); }
.badge-disabled { color: var(--off); background: var(--off-bg); }
.badge-error { color: var(--err); background: var(--err-bg); }
.badge-warn { color: var(--warn); background: var(--warn-bg); }
.state-reason { margin: 6px 0 0; font-size: 14px; color: var(--err); }

.banner { border-radius: var(--radius); padding: 12px 16px; margin: 0 0 16px; border: 1px solid; overflow-wrap: anywhere; }
.banner p { margin: 4px 0; }
.banner ul { margin: 4px 0; padding-left: 20px; }
.banner-title { font-weight: 700; }
.banner-ok { background: var(--ok-bg); border-color: #9fd1b3; color: var(--ok); }
.banner-error { background: var(--err-bg); border-color: #efb1ac; color: var(--err); }
.banner-error a { color: var(--err); }
.banner-warn { background: var(--warn-bg); border-color: #e9cf87; color: var(--warn); }
.banner-info { background: var(--accent-weak); border-color: #c3d7ef; color: var(--ink); }

table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: middle; padding: 12px 16px; border-top: 1px solid var(--line); }
thead th { border-top: 0; font-size: 13px; color: var(--muted); font-weight: 600; background: #f8f9fb; }
caption { text-align: left; font-weight: 700; font-size: 16px; padding: 0 0 12px; }
.table-scroll { overflow-x: auto; }
.matrix th[scope="col"]:not(:first-child), .matrix td { text-align: center; }
.matrix thead th { background: none; border-bottom: 1px solid var(--line); }
.matrix tbody th { font-weight: 600; }
.matrix-service { display: block; color: var(--ink); font-size: 14px; }
.kind-description { display: block; font-weight: 400; font-size: 13px; color: var(--muted); }
.check-cell { display: inline-flex; align-items: center; justify-content: center; width: 44px; height: 44px; cursor: pointer; border-radius: 8px; }
.check-cell:hover { background: var(--accent-weak); }
input[type="checkbox"] { width: 20px; height: 20px; accent-color: var(--accent); margin: 0; cursor: pointer; }
.services .service-name { font-weight: 700; font-size: 16px; white-space: nowrap; }
.services thead th { white-space: nowrap; }
.col-action { width: 1%; text-align: center; }
.history td { vertical-align: top; font-size: 14px; }
.history .col-when { white-space: nowrap; }
.kind-tag { display: inline-block; font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; margin-right: 6px; }
.subject { font-weight: 600; }
.open-link { margin-left: 8px; font-size: 13px; }

.steps summary { font-weight: 700; cursor: pointer; }
.steps ol { margin: 12px 0 0; padding-left: 22px; }
.steps li { margin: 4px 0; }
.settings-form fieldset { border: 0; padding: 0; margin: 0 0 20px; min-width: 0; }
.settings-form fieldset.group { border-top: 1px solid var(--line); padding-top: 16px; }
.settings-form fieldset.group .field:last-child { margin-bottom: 0; }
.settings-form legend { font-weight: 700; padding: 0; margin-bottom: 6px; }
.check { display: inline-flex; align-items: center; gap: 10px; font-weight: 600; min-height: 44px; cursor: pointer; }
.field { margin: 0 0 20px; }
.field label { display: block; font-weight: 700; }
.required { display: inline-block; margin-left: 8px; font-size: 12px; font-weight: 600; color: var(--err); border: 1px solid currentColor; border-radius: 4px; padding: 0 5px; vertical-align: 1px; }
.help { margin: 2px 0 8px; font-size: 14px; color: var(--muted); }
.current { max-width: 560px; margin: 0 0 8px; font-size: 14px; color: var(--ink); background: var(--off-bg); border-radius: 6px; padding: 6px 10px; overflow-wrap: anywhere; }
.current code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.current-note { display: block; color: var(--muted); font-size: 13px; }
input[type="text"], input[type="url"], input[type="password"] {
  width: 100%; max-width: 560px; font: inherit; font-size: 16px; padding: 10px 12px; min-height: 44px; color: var(--ink);
  background: var(--surface); border: 1px solid var(--line-strong); border-radius: 8px;
}
input::placeholder { color: #6b7482; }
.field-invalid input { border-color: var(--err); box-shadow: 0 0 0 1px var(--err); }
.field-error { margin: 6px 0 0; color: var(--err); font-weight: 600; font-size: 14px; overflow-wrap: anywhere; }
.test-form .help { margin-bottom: 12px; }

body.bare { display: flex; min-height: 100vh; align-items: center; }
.notice { max-width: 560px; width: 100%; padding: 24px; }
.notice-card h1, .notice-card h2 { font-size: 20px; margin-bottom: 8px; }
.notice-card p { margin: 0; }
.notice-en { margin-top: 20px; padding-top: 16px; border-top: 1px solid var(--line); color: var(--muted); }
.notice-en h2 { font-size: 16px; color: var(--ink); }

@media (max-width: 640px) {
  .topbar-inner, .tabs ul, main { padding-left: 16px; padding-right: 16px; }
  .tabs ul { padding-left: 8px; padding-right: 8px; }
  .tabs a { padding: 10px 8px; font-size: 14px; }
  main { padding-top: 16px; }
  h1 { font-size: 21px; }
  .card { padding: 16px; }
  th, td { padding: 10px 12px; }
  .matrix th, .matrix td { padding: 8px 6px; }
  .matrix tbody th { padding-left: 12px; font-size: 14px; }
  .matrix-service { font-size: 13px; }
  .history thead { display: none; }
  .history tr { display: block; border-top: 1px solid var(--line); padding: 10px 14px; }
  .history tr:first-child { border-top: 0; }
  .history td { display: block; border: 0; padding: 2px 0; }
  .history .col-when, .history .col-service { display: inline; color: var(--muted); font-size: 13px; }
  .history .col-service::before { content: " · "; }
  .history .col-status { padding-top: 4px; }
  .page-head .button { width: 100%; justify-content: center; }
}
`;

/** The stylesheet's URL carries its hash, so it can be cached for long and never goes stale after an upgrade. */
export const SETTINGS_CSS_URL = `/assets/settings.css?v=${createHash('sha256').update(SETTINGS_CSS).digest('hex').slice(0, 12)}`;
