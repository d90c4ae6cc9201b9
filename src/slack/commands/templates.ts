import { portalSiteUrl } from '../../core/accounts/portal-site-url.ts';
import type { Account } from '../../core/accounts/account-view.ts';
import { findTemplate } from '../../core/templates/find-template.ts';
import { validateTemplate } from '../../core/templates/validate-template.ts';
import { isAppError, invalidInput } from '../../core/shared/errors.ts';
import type { TemplateChannel, TemplateKind } from '../../core/templates/default-templates.ts';
import { previewTemplate } from '../../delivery/templates/preview-template.ts';
import {
  parseTemplateChoice,
  templatesModal,
  type TemplatesModalData,
  type TemplatesModalMeta,
} from '../views/templates-modal.ts';
import { slackErrorCode } from '../error-text.ts';
import { replyPrivately } from '../reply.ts';
import type { SlackDeps } from '../slack-deps.ts';
import type { Subcommand } from './subcommand.ts';

/** The draft rendered for the sample contact, or the problems saving it would meet. */
export function draftPreview(
  deps: SlackDeps,
  account: Account,
  draft: { kind: TemplateKind; channel: TemplateChannel; subject?: string; text: string },
): TemplatesModalData['preview'] {
  try {
    validateTemplate({
      channel: draft.channel,
      subject: draft.channel === 'email' ? (draft.subject ?? '') : null,
      body: draft.text,
    });
  } catch (error) {
    if (isAppError(error, 'template_invalid')) return { problems: (error.details as { problems: string[] }).problems };
    throw error;
  }
  return previewTemplate({
    account,
    // Sample links point where the account's portal is.
    publicUrl: portalSiteUrl(deps.context.core, account),
    kind: draft.kind,
    subject: draft.subject,
    body: draft.text,
  });
}

/** The modal on one template as saved (or built in). */
export async function loadTemplatesModal(deps: SlackDeps, account: Account, meta: TemplatesModalMeta, note?: string) {
  const saved = await findTemplate(deps.context.core, { accountId: account.id, kind: meta.k, channel: meta.n });
  const draft = { kind: meta.k, channel: meta.n, subject: saved.subject, text: saved.body };
  return templatesModal({
    meta,
    subject: saved.subject,
    text: saved.body,
    custom: saved.custom,
    preview: draftPreview(deps, account, draft),
    note,
  });
}

export const templates: Subcommand = {
  name: 'templates',
  aliases: ['template'],
  usage: '/portal templates [invite|login|access_granted|password_reset|code] [email|sms]',
  summary:
    'Edit the messages contacts get in a form, with a live preview for a sample contact and a test sent to you. Without arguments: the invite email.',
  adminOnly: true,
  what: 'change message templates',
  async run(run) {
    const [kind = 'invite', channel = 'email'] = run.args.map((a) => a.toLowerCase());
    const which = parseTemplateChoice(`${kind}:${channel}`);
    if (!which)
      throw invalidInput(
        `"${run.args.join(' ')}": name a message (invite, login, access_granted, password_reset, code) and email or sms`,
      );
    const view = await loadTemplatesModal(run.deps, run.account, {
      a: run.account.id,
      ch: run.channelId,
      ru: run.reply.responseUrl,
      k: which.kind,
      n: which.channel,
    });
    try {
      await run.deps.client.views.open({ trigger_id: run.triggerId, view });
    } catch (error) {
      const code = slackErrorCode(error);
      await replyPrivately(run.deps, run.reply, {
        text: `The templates form could not open (${code ?? 'Slack did not answer'}). ${templates.insteadOfForm}`,
      });
    }
  },
  insteadOfForm: 'Run `/portal templates` again, or use the API or CLI (`templates get|set|reset`).',
  // Without arguments: the invite email, the message most teams change first.
  modal: (run) =>
    loadTemplatesModal(run.deps, run.account, {
      a: run.account.id,
      ch: run.channelId,
      ru: run.reply.responseUrl,
      k: 'invite',
      n: 'email',
    }),
};
