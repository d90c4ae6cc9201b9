import { AppError } from '../shared/errors.ts';
import { fieldsUsed, mergeFields } from './merge-fields.ts';
import type { TemplateChannel } from './default-templates.ts';

/** SMS bodies longer than this are split by carriers into many parts (Twilio's hard limit is 1,600 characters). */
const SMS_SOURCE_LIMIT = 640;

/**
 * Checks a template source before it is saved: valid mustache, only known
 * merge fields, no partials, a subject for email.
 * @throws AppError template_invalid with details { unknownFields, knownFields } when fields are unknown.
 */
export function validateTemplate(options: { channel: TemplateChannel; subject?: string | null; body: string }): void {
  const problems: string[] = [];
  if (options.body.trim() === '') problems.push('the body is empty');
  if (options.channel === 'email' && !options.subject?.trim()) problems.push('an email template needs a subject');
  if (options.channel === 'sms' && options.subject) problems.push('an SMS template has no subject');
  if (options.channel === 'sms' && options.body.length > SMS_SOURCE_LIMIT)
    problems.push(`an SMS template is at most ${SMS_SOURCE_LIMIT} characters`);
  const used: string[] = [];
  for (const [part, source] of [
    ['subject', options.subject ?? ''],
    ['body', options.body],
  ] as const) {
    try {
      used.push(...fieldsUsed(source));
    } catch (error) {
      problems.push(`the ${part} is not a valid template: ${(error as Error).message}`);
    }
  }
  if (options.subject && /[\r\n]/.test(options.subject)) problems.push('the subject must be one line');
  const unknown = [...new Set(used.filter((field) => !(mergeFields as readonly string[]).includes(field)))];
  if (unknown.length > 0) {
    problems.push(
      `unknown merge field(s) ${unknown.map((f) => (f.startsWith('>') ? `{{${f}}} (partials are not supported)` : `{{${f}}}`)).join(', ')}`,
    );
  }
  if (problems.length > 0) {
    throw new AppError(
      'template_invalid',
      `template refused: ${problems.join('; ')}. Known fields: ${mergeFields.map((f) => `{{${f}}}`).join(', ')}`,
      {
        problems,
        unknownFields: unknown,
        knownFields: [...mergeFields],
      },
    );
  }
}
