/**
 * Email HTML from the plain-text rendering of a template: one source for
 * both parts. Everything is escaped (a contact named "<b>" stays text);
 * paragraphs are blank-line separated; a paragraph that is only a link
 * becomes a button, other links become anchors.
 */
const urlPattern = /https?:\/\/[^\s<>"']+/g;

export function emailHtml(options: { text: string; title: string; portalName: string }): string {
  const paragraphs = options.text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((paragraph) => {
      if (/^https?:\/\/\S+$/.test(paragraph)) {
        return `<p style="margin:24px 0"><a href="${escapeHtml(paragraph)}" style="background:#1f6feb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">Open ${escapeHtml(options.portalName)}</a></p>`;
      }
      return `<p style="margin:0 0 16px">${linkify(paragraph).replace(/\n/g, '<br>')}</p>`;
    });
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(options.title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f6f8fa;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    ...paragraphs,
    '</div></body></html>',
  ].join('\n');
}

function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    out += escapeHtml(text.slice(last, match.index));
    out += `<a href="${escapeHtml(match[0])}">${escapeHtml(match[0])}</a>`;
    last = match.index + match[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
