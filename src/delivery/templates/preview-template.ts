/**
 * A template rendered for a sample contact, with sample links that lead
 * nowhere: the /portal templates preview, and the test message an admin
 * sends themselves. Same rendering as real messages (renderPlain, emailHtml).
 */
import type { Account } from '../../core/accounts/account-view.ts';
import { lifetimeMinutes } from '../../core/links/link-purpose.ts';
import { renderPlain } from '../../core/templates/merge-fields.ts';
import type { TemplateKind } from '../../core/templates/default-templates.ts';
import { durationText } from './duration-text.ts';

export const sampleContact = { first_name: 'Ana', last_name: 'Example', email: 'ana@example.com' };

const purposeOf: Record<TemplateKind, 'invite' | 'login' | 'reset' | 'code'> = { invite: 'invite', login: 'login', access_granted: 'login', password_reset: 'reset', code: 'code' };

export function previewTemplate(options: { account: Account; publicUrl: string; kind: TemplateKind; subject?: string | null; body: string }): { subject: string; text: string } {
  const sample = `${options.publicUrl}/l/sample-link-for-preview`;
  const view = {
    contact: sampleContact,
    portal: {
      name: options.account.name,
      url: options.account.portalUrl,
      login_url: sample,
      login_url_courses: `${sample}-courses`,
      login_url_communities: `${sample}-communities`,
      login_url_affiliates: `${sample}-affiliates`,
      login_code: '123456',
      reset_url: `${options.publicUrl}/reset-password?token=sample-reset-link`,
    },
    link: { expires_in: durationText(lifetimeMinutes(options.account, purposeOf[options.kind])) },
    access: { resource_name: 'Intro to SEO', section: 'courses' },
  };
  return {
    subject: renderPlain(options.subject ?? '', view).replace(/\s+/g, ' ').trim(),
    text: renderPlain(options.body, view).replace(/\n{3,}/g, '\n\n').trim(),
  };
}
