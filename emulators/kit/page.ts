import { escapeHtml } from './http.js';

export interface EmulatorPanel {
  name: string;
  url: string;
  note?: string;
  items: { at: number; title: string; lines: string[]; mentions?: string[] }[];
}

/** The page of `tayori emulators`: what each stand-in received, newest first. No script, no CDN. */
export function renderEmulatorPage(panels: EmulatorPanel[], actions: string): string {
  const section = (p: EmulatorPanel) => `
  <section>
    <h2>${escapeHtml(p.name)} <small>${escapeHtml(p.url)}</small></h2>
    ${p.note ? `<p class="note">${escapeHtml(p.note)}</p>` : ''}
    ${p.items.length === 0 ? '<p class="empty">Nothing received yet.</p>' : ''}
    ${[...p.items]
      .reverse()
      .slice(0, 100)
      .map(
        (i) => `<article><header><time>${new Date(i.at).toISOString()}</time> ${escapeHtml(i.title)}
          ${(i.mentions ?? []).map((m) => `<span class="mention">${escapeHtml(m)}</span>`).join(' ')}</header>
          ${i.lines.map((l) => `<pre>${escapeHtml(l)}</pre>`).join('')}</article>`,
      )
      .join('')}
  </section>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Tayori emulators</title><style>
body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#1d2430} h1{font-size:20px} h2{font-size:16px;border-bottom:1px solid #ddd}
small{color:#667;font-weight:normal} article{border:1px solid #e3e6eb;border-radius:6px;padding:8px 12px;margin:8px 0}
pre{white-space:pre-wrap;margin:4px 0;font:13px ui-monospace,monospace;background:#f6f7f9;padding:6px} time{color:#667}
.mention{background:#fff3c4;border-radius:4px;padding:0 4px} .empty,.note{color:#667} form{margin:8px 0}
</style></head><body><h1>Tayori emulators</h1><p>Local stand-ins for the chat services. This page refreshes every 5 seconds.</p>
${actions}${panels.map(section).join('')}</body></html>`;
}
