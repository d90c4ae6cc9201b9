/**
 * The made-up contact that template previews and test messages are rendered
 * for (/portal templates), so an admin sees real-looking text without any
 * real contact's data.
 */
import type { TemplateKind } from './default-templates.ts';

export const sampleContact = { first_name: 'Ana', last_name: 'Example', email: 'ana@example.com' };

export const sampleAccess = { resource_name: 'Intro to SEO', section: 'courses', granted: 'the course “Intro to SEO”' };

/** Which link lifetime a template's `{{link.expires_in}}` shows. */
export const purposeOfTemplate: Record<TemplateKind, 'invite' | 'login' | 'reset' | 'code'> = {
  invite: 'invite',
  login: 'login',
  access_granted: 'login',
  password_reset: 'reset',
  code: 'code',
};
