/**
 * A template rendered for the sample contact, with sample links that lead
 * nowhere: the /portal templates preview. Test messages go through the same
 * renderer as real ones (render-message.ts, `sample` input) with the same
 * sample links.
 */
import type { Account } from '../../core/accounts/account-view.ts';
import { lifetimeMinutes } from '../../core/links/link-purpose.ts';
import { renderPlain } from '../../core/templates/merge-fields.ts';
import type { TemplateKind } from '../../core/templates/default-templates.ts';
import { purposeOfTemplate, sampleAccess, sampleContact } from '../../core/templates/sample-contact.ts';
import { durationText } from './duration-text.ts';

export { sampleContact };

/** The `portal.*` link fields of a preview: URLs on this service that sign nobody in. */
export function sampleLinks(publicUrl: string): Record<string, string> {
  const sample = `${publicUrl}/l/sample-link-for-preview`;
  return {
    login_url: sample,
    login_url_courses: `${sample}-courses`,
    login_url_communities: `${sample}-communities`,
    login_url_affiliates: `${sample}-affiliates`,
    login_code: '123456',
    code_url: `${publicUrl}/login/code`,
    reset_url: `${publicUrl}/reset-password?token=sample-reset-link`,
  };
}

export function previewTemplate(options: {
  account: Account;
  publicUrl: string;
  kind: TemplateKind;
  subject?: string | null;
  body: string;
}): { subject: string; text: string } {
  const view = {
    contact: sampleContact,
    portal: { name: options.account.name, url: options.account.portalUrl, ...sampleLinks(options.publicUrl) },
    link: { expires_in: durationText(lifetimeMinutes(options.account, purposeOfTemplate[options.kind])) },
    access: sampleAccess,
  };
  return {
    subject: renderPlain(options.subject ?? '', view)
      .replace(/\s+/g, ' ')
      .trim(),
    text: renderPlain(options.body, view)
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}
