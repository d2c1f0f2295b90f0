/** Styles of the API reference page, served from /assets/docs.css (no inline styles, no CDN). */
export const DOCS_CSS = `
:root { color-scheme: light; --ink:#1d2430; --muted:#5b6472; --line:#e3e6eb; --accent:#0b6bcb; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.6 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; color: var(--ink); display:flex; }
nav { position: sticky; top:0; height:100vh; overflow:auto; width: 220px; padding: 24px 16px; border-right:1px solid var(--line); background:#f7f8fa; }
nav ul { list-style:none; padding:0; } nav a { color: var(--ink); text-decoration:none; } nav a:hover { color: var(--accent); }
main { padding: 24px 40px; max-width: 980px; }
article { border:1px solid var(--line); border-radius:8px; padding: 12px 20px; margin: 16px 0; }
h3 { font-size: 16px; margin: 4px 0; } h4 { margin: 12px 0 4px; font-size: 13px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.desc { color: var(--muted); }
table { border-collapse: collapse; width:100%; font-size: 14px; } td, th { border-top:1px solid var(--line); padding: 4px 8px; text-align:left; vertical-align: top; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background:#f1f3f5; padding: 1px 4px; border-radius:4px; }
.m { display:inline-block; min-width:56px; text-align:center; color:#fff; border-radius:4px; font-size:12px; padding:2px 6px; }
.m-get{background:#1f7a4d}.m-put{background:#8a5a00}.m-post{background:#0b6bcb}.m-delete{background:#b42318}
.req { color:#b42318; font-size: 12px; } .in { color: var(--muted); font-size: 12px; }
@media (max-width: 700px) { body { display:block; } nav { position: static; height:auto; width:auto; } main { padding: 16px; } }
`;
