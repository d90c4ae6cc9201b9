/**
 * Renders the Block Kit this project posts (header, section with text or
 * fields, context, divider, actions with buttons) as a Slack-like HTML
 * message, for the README's screenshots (scripts/screenshots.ts). Not a
 * general renderer: it covers the mrkdwn the project writes (*bold*,
 * _italic_, `code`, <url|text>, <!date^…|fallback>) and escapes the rest.
 */
import type { KnownBlock } from '@slack/types';

const escapeHtml = (text: string) => text.replace(/&(?!amp;|lt;|gt;)/g, '&amp;').replace(/"/g, '&quot;');

export function mrkdwnToHtml(text: string): string {
  // Slack's text is already &-escaped for <, > and &; the angle-bracket forms below are Slack's own.
  return escapeHtml(text)
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '<time>$1</time>')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '<a href="$1">$2</a>')
    .replace(/<(https?:[^>]+)>/g, '<a href="$1">$1</a>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/\n/g, '<br>');
}

function block(b: KnownBlock): string {
  switch (b.type) {
    case 'header':
      return `<div class="header">${escapeHtml(b.text.text)}</div>`;
    case 'section': {
      const text = b.text ? `<div>${mrkdwnToHtml(b.text.text)}</div>` : '';
      const fields = b.fields
        ? `<div class="fields">${b.fields.map((f) => `<div>${mrkdwnToHtml(f.text)}</div>`).join('')}</div>`
        : '';
      return `<div class="section">${text}${fields}</div>`;
    }
    case 'context':
      return `<div class="context">${b.elements.map((e) => ('text' in e ? mrkdwnToHtml(e.text) : '')).join(' ')}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="actions">${b.elements.map((e) => (e.type === 'button' ? `<span class="button ${e.style ?? ''}">${escapeHtml(e.text.text)}</span>` : '')).join('')}</div>`;
    default:
      return '';
  }
}

export function slackMessagePage(options: {
  appName: string;
  channel: string;
  time: string;
  blocks: KnownBlock[];
  note?: string;
}): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>
body { font: 15px/1.46668 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1c1d; margin: 0; background: #fff; }
.channel { padding: 12px 20px; border-bottom: 1px solid #ddd; font-weight: 900; font-size: 18px; }
.message { display: flex; gap: 8px; padding: 16px 20px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; flex: none; }
.who b { font-weight: 900; } .who .app { font-size: 10px; background: #e8e8e8; color: #616061; padding: 1px 3px; border-radius: 2px; margin: 0 4px; } .who time, .muted { color: #616061; font-size: 12px; }
.header { font-size: 18px; font-weight: 900; margin: 6px 0; } .section { margin: 6px 0; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin-top: 8px; }
.context { color: #616061; font-size: 12px; margin: 6px 0; } .context code { font-size: 11px; }
code { background: #f8f8f8; border: 1px solid #e8e8e8; border-radius: 3px; padding: 0 3px; color: #e01e5a; font-size: 12px; }
a { color: #1264a3; text-decoration: none; } time { border-bottom: 1px dotted #616061; }
.actions .button { display: inline-block; border: 1px solid #ccc; border-radius: 4px; padding: 4px 12px; font-weight: 700; font-size: 13px; margin-right: 8px; }
.actions .button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
.note { margin: 0 20px 16px 64px; color: #616061; font-size: 12px; font-style: italic; }
</style></head><body>
<div class="channel"># ${escapeHtml(options.channel)}</div>
<div class="message"><div class="avatar">PD</div><div><div class="who"><b>${escapeHtml(options.appName)}</b><span class="app">APP</span><time>${escapeHtml(options.time)}</time></div>
${options.blocks.map(block).join('\n')}
</div></div>
${options.note ? `<div class="note">${escapeHtml(options.note)}</div>` : ''}
</body></html>`;
}
