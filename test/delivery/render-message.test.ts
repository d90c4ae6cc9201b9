/**
 * Rendering is a pure function of prepared data: no database here. Every
 * built-in template kind on every channel, with fixed inputs, renders the
 * expected text, hides its secrets in the stored copy, and renders the same
 * bytes twice (a retried batch must be the identical request).
 */
import { describe, expect, it } from 'vitest';
import { renderMessage, type RenderSettings } from '../../src/delivery/render-message.ts';
import type { RenderInput } from '../../src/core/outbox/render-input.ts';
import {
  defaultTemplates,
  templateChannels,
  templateKinds,
  type TemplateKind,
} from '../../src/core/templates/default-templates.ts';
import { linkCode, linkToken } from '../../src/core/links/link-secrets.ts';

const KEY = Buffer.alloc(32, 7);
const OLD_KEY = Buffer.alloc(32, 3);
const settings: RenderSettings = {
  publicUrl: 'https://desk.example.com',
  linkKeys: [
    { id: 'current1', key: KEY },
    { id: 'previous', key: OLD_KEY },
  ],
  emailFrom: 'Portal Desk <portal@example.com>',
};
const LINK = 'link-0001';
const token = linkToken(KEY, LINK);
const code = linkCode(KEY, LINK);
const url = `https://desk.example.com/l/${token}`;

function input(kind: TemplateKind, channel: 'email' | 'sms', extra: Partial<RenderInput> = {}): RenderInput {
  const reset = kind === 'password_reset';
  return {
    channel,
    template: defaultTemplates[kind][channel],
    portal: { name: 'Acme Academy', url: 'https://academy.example.com' },
    from: null,
    to: channel === 'email' ? 'ana@example.com' : '+14155550123',
    contact: { first_name: 'Ana', last_name: 'Lima', email: 'ana@example.com' },
    loginLinks: reset ? {} : { 'portal.login_url': LINK },
    ...(kind !== 'password_reset' && kind !== 'access_granted' ? { codeLinkId: LINK } : {}),
    ...(reset ? { resetLinkId: LINK } : {}),
    expiresInMinutes: kind === 'invite' ? 7 * 1440 : kind === 'password_reset' ? 60 : kind === 'code' ? 10 : 1440,
    access: {
      resource_name: kind === 'access_granted' ? 'Pottery 101' : 'portal',
      section: kind === 'access_granted' ? 'courses' : 'portal',
    },
    ...extra,
  };
}

const expected: Record<TemplateKind, { email: { subject: string; text: string[] }; sms: string }> = {
  invite: {
    email: {
      subject: "You're invited to Acme Academy",
      text: [
        'Hi Ana,',
        'for 7 days',
        url,
        `Or enter this code at https://desk.example.com/login/code: ${code}`,
        'open https://academy.example.com',
      ],
    },
    sms: `Acme Academy: you are invited. Sign in: ${url} (or code ${code})`,
  },
  login: {
    email: {
      subject: 'Your sign-in link for Acme Academy',
      text: ['Hi Ana,', 'for 24 hours', url, `Or enter this code at https://desk.example.com/login/code: ${code}`],
    },
    sms: `Acme Academy sign-in: ${url} (or code ${code})`,
  },
  access_granted: {
    email: {
      subject: 'You now have access to Pottery 101',
      text: ['You now have access to Pottery 101 on Acme Academy', 'for 24 hours', url],
    },
    sms: `Acme Academy: you now have access to Pottery 101. Open: ${url}`,
  },
  password_reset: {
    email: {
      subject: 'Reset your Acme Academy password',
      text: ['for 1 hour', `https://desk.example.com/reset-password?token=${token}`],
    },
    sms: `Acme Academy: reset your password: https://desk.example.com/reset-password?token=${token}`,
  },
  code: {
    email: {
      subject: `Your Acme Academy sign-in code: ${code}`,
      text: [
        `Your sign-in code for Acme Academy is ${code}. Enter it at https://desk.example.com/login/code; it works for 10 minutes.`,
      ],
    },
    sms: `${code} is your Acme Academy sign-in code.`,
  },
};

describe('rendering a message (pure)', () => {
  for (const kind of templateKinds) {
    for (const channel of templateChannels) {
      it(`${kind} by ${channel}: fixed input, expected text, secrets hidden in the stored copy, same bytes twice`, () => {
        const rendered = renderMessage(input(kind, channel), settings);
        expect(renderMessage(input(kind, channel), settings)).toEqual(rendered);
        expect(rendered.preview).not.toContain(token);
        if (kind !== 'password_reset' && kind !== 'access_granted') expect(rendered.preview).not.toContain(code);
        if (channel === 'sms') {
          expect(rendered).toMatchObject({ channel: 'sms', to: '+14155550123', body: expected[kind].sms });
          return;
        }
        if (rendered.channel !== 'email') throw new Error('not an email');
        expect(rendered.subject).toBe(expected[kind].email.subject);
        expect(rendered.from).toBe('Portal Desk <portal@example.com>');
        for (const part of expected[kind].email.text) expect(rendered.text).toContain(part);
        // HTML comes from the same text: the link is there, and nothing in it is unescaped.
        if (kind !== 'code')
          expect(rendered.html).toContain(
            kind === 'password_reset' ? `reset-password?token=${token}` : `href="${url}"`,
          );
        expect(rendered.redactedSubject).not.toContain(code);
      });
    }
  }

  it('uses the account sender, escapes contact fields in HTML, and mints nothing: section links come from ids', () => {
    const rendered = renderMessage(
      input('invite', 'email', {
        from: 'Acme <hello@acme.example>',
        contact: { first_name: '<b>Bo</b>', last_name: '', email: 'bo@example.com' },
        template: { subject: '{{contact.first_name}}', body: '{{contact.first_name}}\n\n{{portal.login_url_courses}}' },
        loginLinks: { 'portal.login_url_courses': 'link-courses' },
      }),
      settings,
    );
    if (rendered.channel !== 'email') throw new Error('not an email');
    expect(rendered.from).toBe('Acme <hello@acme.example>');
    expect(rendered.html).toContain('&lt;b&gt;Bo&lt;/b&gt;');
    expect(rendered.text).toContain(`https://desk.example.com/l/${linkToken(KEY, 'link-courses')}`);
  });

  it('names what an invitation grants, and says nothing of it when it grants nothing', () => {
    const granted = renderMessage(
      input('invite', 'email', {
        access: { resource_name: 'portal', section: 'portal', granted: 'the course “Intro to SEO”' },
      }),
      settings,
    );
    const plain = renderMessage(input('invite', 'email'), settings);
    expect(granted.channel === 'email' && granted.text).toContain(
      'invited to Acme Academy, with access to the course “Intro to SEO”.',
    );
    expect(plain.channel === 'email' && plain.text).toContain('invited to Acme Academy. Sign in');
  });

  it('renders a link minted before a key rotation with the key it was minted with', () => {
    const rotated = renderMessage(input('login', 'sms', { linkKeyIds: { [LINK]: 'previous' } }), settings);
    expect(rotated.channel === 'sms' && rotated.body).toContain(
      `https://desk.example.com/l/${linkToken(OLD_KEY, LINK)}`,
    );
    expect(rotated.channel === 'sms' && rotated.body).toContain(linkCode(OLD_KEY, LINK));
    // A key id this instance no longer knows falls back to the current key rather than failing.
    const unknown = renderMessage(input('login', 'sms', { linkKeyIds: { [LINK]: 'retired' } }), settings);
    expect(unknown.channel === 'sms' && unknown.body).toContain(url);
  });

  it('renders a template test with sample links that sign nobody in, marked [test]', () => {
    const rendered = renderMessage(
      input('login', 'email', { loginLinks: {}, codeLinkId: undefined, sample: true, replyTo: 'desk@acme.example' }),
      settings,
    );
    if (rendered.channel !== 'email') throw new Error('not an email');
    expect(rendered.subject).toBe('[test] Your sign-in link for Acme Academy');
    expect(rendered.text).toContain('https://desk.example.com/l/sample-link-for-preview');
    expect(rendered.text).toContain('123456');
    expect(rendered.replyTo).toBe('desk@acme.example');
    expect(rendered.preview.startsWith('[test] ')).toBe(true);
  });

  it('says how long a link works from its lifetime, not from the time of sending', () => {
    const a = renderMessage(input('login', 'email', { expiresInMinutes: 1440 }), settings);
    const b = renderMessage(input('login', 'email', { expiresInMinutes: 1440 }), settings);
    expect(a).toEqual(b);
    expect(a.channel === 'email' && a.text).toContain('for 24 hours');
  });
});
