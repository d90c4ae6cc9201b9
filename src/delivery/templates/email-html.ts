/**
 * Email HTML from the plain-text rendering of a template: one source for
 * both parts. Everything is escaped (a contact named "<b>" stays text);
 * paragraphs are blank-line separated. Links and the button are made only
 * from `links`, the URLs the template's own link fields produced (login
 * links, reset link, portal URL): a URL that came in through a value (a
 * contact's name, a course name) stays plain text, so nobody can put their
 * own "Open <portal>" button into our email (issue #11, finding 2).
 */
const urlPattern = /https?:\/\/[^\s<>"']+/g;

export function emailHtml(options: {
  text: string;
  title: string;
  portalName: string;
  links: ReadonlySet<string>;
}): string {
  const paragraphs = options.text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((paragraph) => {
      if (options.links.has(paragraph)) {
        return `<p style="margin:24px 0"><a href="${escapeHtml(paragraph)}" style="background:#1f6feb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">Open ${escapeHtml(options.portalName)}</a></p>`;
      }
      return `<p style="margin:0 0 16px">${linkify(paragraph, options.links).replace(/\n/g, '<br>')}</p>`;
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

function linkify(text: string, links: ReadonlySet<string>): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(urlPattern)) {
    // A sentence may end right after the link: "…here: <url>."
    const url = match[0].replace(/[.,;:!?)]+$/, '');
    if (!links.has(url)) continue;
    out += escapeHtml(text.slice(last, match.index));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = match.index + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
