/**
 * The built-in templates: one plain-text source per kind and channel. Email
 * HTML is produced from the same source (src/delivery/templates/email-html.ts),
 * so subject, HTML and text never drift apart. Accounts override any of them
 * in the Template table (save-template.ts).
 */
export const templateKinds = ['invite', 'login', 'access_granted', 'password_reset', 'code'] as const;
export type TemplateKind = (typeof templateKinds)[number];
export const templateChannels = ['email', 'sms'] as const;
export type TemplateChannel = (typeof templateChannels)[number];

export interface TemplateSource {
  /** Email only. */
  subject?: string;
  body: string;
}

const greeting =
  '{{#contact.first_name}}Hi {{contact.first_name}},{{/contact.first_name}}{{^contact.first_name}}Hello,{{/contact.first_name}}';

export const defaultTemplates: Record<TemplateKind, Record<TemplateChannel, TemplateSource>> = {
  invite: {
    email: {
      subject: "You're invited to {{portal.name}}",
      body: `${greeting}

You have been invited to {{portal.name}}{{#access.granted}}, with access to {{access.granted}}{{/access.granted}}. Sign in with this link (it works once, for {{link.expires_in}}):

{{portal.login_url}}

Or enter this code at {{portal.code_url}}: {{portal.login_code}}

If the link has expired, open {{portal.url}} and ask for a new one.`,
    },
    sms: {
      body: '{{portal.name}}: you are invited{{#access.granted}} to {{access.granted}}{{/access.granted}}. Sign in: {{portal.login_url}} (or code {{portal.login_code}})',
    },
  },
  login: {
    email: {
      subject: 'Your sign-in link for {{portal.name}}',
      body: `${greeting}

Here is your sign-in link for {{portal.name}} (it works once, for {{link.expires_in}}):

{{portal.login_url}}

Or enter this code at {{portal.code_url}}: {{portal.login_code}}

If you did not ask for it, you can ignore this email.`,
    },
    sms: { body: '{{portal.name}} sign-in: {{portal.login_url}} (or code {{portal.login_code}})' },
  },
  access_granted: {
    email: {
      subject: 'You now have access to {{access.resource_name}}',
      body: `${greeting}

You now have access to {{access.resource_name}} on {{portal.name}}. Open it here (the link signs you in once, for {{link.expires_in}}):

{{portal.login_url}}`,
    },
    sms: { body: '{{portal.name}}: you now have access to {{access.resource_name}}. Open: {{portal.login_url}}' },
  },
  password_reset: {
    email: {
      subject: 'Reset your {{portal.name}} password',
      body: `${greeting}

Someone asked to reset the password of your {{portal.name}} account. Choose a new password here (the link works once, for {{link.expires_in}}):

{{portal.reset_url}}

If it was not you, ignore this email: your password stays as it is.`,
    },
    sms: { body: '{{portal.name}}: reset your password: {{portal.reset_url}}' },
  },
  code: {
    email: {
      subject: 'Your {{portal.name}} sign-in code: {{portal.login_code}}',
      body: `${greeting}

Your sign-in code for {{portal.name}} is {{portal.login_code}}. Enter it at {{portal.code_url}}; it works for {{link.expires_in}}.

If you did not ask for it, you can ignore this email.`,
    },
    sms: { body: '{{portal.login_code}} is your {{portal.name}} sign-in code.' },
  },
};

export function isTemplateKind(value: string): value is TemplateKind {
  return (templateKinds as readonly string[]).includes(value);
}

export function isTemplateChannel(value: string): value is TemplateChannel {
  return (templateChannels as readonly string[]).includes(value);
}
